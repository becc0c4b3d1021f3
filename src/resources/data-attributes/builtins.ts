/**
 * The standard (non-custom) attributes Intercom lists in GET /data_attributes, per model.
 * They have no id, are never archived and cannot be created or updated.
 */
type DataType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

export interface BuiltinAttribute {
  name: string;
  label: string;
  description: string;
  data_type: DataType;
  api_writable: boolean;
  ui_writable: boolean;
  messenger_writable: boolean;
}

const a = (name: string, label: string, description: string, data_type: DataType, api_writable = false, ui_writable = false, messenger_writable = false): BuiltinAttribute => ({
  name, label, description, data_type, api_writable, ui_writable, messenger_writable,
});

export const CONTACT_BUILTINS: BuiltinAttribute[] = [
  a('name', 'Name', "A person's full name", 'string', true, true, true),
  a('email', 'Email', "A person's email address", 'string', true, true, true),
  a('email_domain', 'Email domain', "The domain of a person's email address", 'string'),
  a('phone', 'Phone', "A person's phone number", 'string', true, true, true),
  a('external_id', 'User ID', 'A number identifying a user in your own system', 'string', true, true, false),
  a('id', 'ID', 'The Intercom defined id representing the contact', 'string'),
  a('role', 'Role', 'Whether the contact is a user or a lead', 'string'),
  a('owner_id', 'Owner', 'The id of the teammate who owns the contact', 'integer', true, true),
  a('avatar', 'Avatar', "A person's avatar image", 'string', true, false, false),
  a('created_at', 'First seen', 'The first time a person was seen', 'date'),
  a('signed_up_at', 'Signed up', 'The time a person signed up', 'date', true),
  a('updated_at', 'Last updated', 'The last time a person was updated', 'date'),
  a('last_seen_at', 'Last seen', 'The last time a person was seen', 'date', true),
  a('last_contacted_at', 'Last contacted', 'The last time a teammate contacted a person', 'date'),
  a('last_replied_at', 'Last heard from', 'The last time a person replied', 'date'),
  a('last_email_opened_at', 'Last opened email', 'The last time a person opened an email', 'date'),
  a('last_email_clicked_at', 'Last clicked on link in email', 'The last time a person clicked a link in an email', 'date'),
  a('unsubscribed_from_emails', 'Unsubscribed from emails', 'Whether a person has unsubscribed from emails', 'boolean', true, true),
  a('marked_email_as_spam', 'Marked email as spam', 'Whether a person has marked an email as spam', 'boolean'),
  a('has_hard_bounced', 'Has hard bounced', "Whether a person's email has hard bounced", 'boolean'),
  a('language_override', 'Language override', 'The language a person prefers', 'string', true, true, true),
  a('browser', 'Browser', 'The browser a person last used', 'string'),
  a('browser_language', 'Browser language', "The language of a person's browser", 'string'),
  a('os', 'OS', 'The operating system a person last used', 'string'),
  a('location.country', 'Country', 'The country a person is in', 'string'),
  a('location.region', 'Region', 'The region a person is in', 'string'),
  a('location.city', 'City', 'The city a person is in', 'string'),
  a('ios_app_name', 'iOS app name', 'The name of the iOS app a person last used', 'string'),
  a('ios_last_seen_at', 'iOS last seen', 'The last time a person used the iOS app', 'date'),
  a('android_app_name', 'Android app name', 'The name of the Android app a person last used', 'string'),
  a('android_last_seen_at', 'Android last seen', 'The last time a person used the Android app', 'date'),
];

export const COMPANY_BUILTINS: BuiltinAttribute[] = [
  a('name', 'Company name', 'The name of a company', 'string', true, false, true),
  a('company_id', 'Company ID', 'A number identifying a company', 'string', false, false, true),
  a('last_request_at', 'Company last seen', 'The last day anyone from a company visited your site or app', 'date'),
  a('remote_created_at', 'Company created at', 'The day a company was added to Intercom', 'date', true, false, true),
  a('user_count', 'People', 'The number of people in a company', 'integer'),
  a('session_count', 'Company web sessions', 'All visits from anyone in a company to your product\'s site or app', 'integer'),
  a('plan', 'Plan', 'A specific plan or level within your product that companies have signed up to', 'string', true, false, true),
  a('monthly_spend', 'Monthly Spend', 'The monthly revenue you receive from a company', 'float', true, false, true),
  a('size', 'Company size', 'The number of people employed in this company, expressed as a single number', 'integer', true, false, true),
  a('industry', 'Company industry', 'The category or domain this company belongs to e.g. \'ecommerce\' or \'SaaS\'', 'string', true, false, true),
  a('website', 'Company website', 'The web address for the company\'s primary marketing site', 'string', true, false, true),
];
