/** Reads one input by its action.yml name; empty string when not set. */
export type InputReader = (name: string) => string
