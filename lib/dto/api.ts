/** The body of every non-2xx answer of the console API. */
export interface ApiErrorDto {
  error: {
    /** Stable machine-readable code, e.g. `VALIDATION_FAILED`, `BAD_JSON`, `INTERNAL`. */
    code: string;
    message: string;
    /** Field-level problems for validation failures. */
    issues?: { path: string; message: string }[];
  };
}
