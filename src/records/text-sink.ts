/** Where a record writer puts its text. */
export interface TextSink {
  write(text: string): void
}
