/** A JSON Schema (draft-07) node, as the generator writes them. Kept loose on purpose. */
export type JsonSchema = { [keyword: string]: any };
