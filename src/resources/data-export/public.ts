/** What the rest of the server may use of data exports: the job kinds (src/jobs.ts lists them). */
export { dataExportJobKinds, DATA_EXPORT_JOB, DATA_EXPORT_EXPIRY_JOB } from './jobs.js';
