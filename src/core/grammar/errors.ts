// What jsonSchemaToGbnf throws: a schema no JSON value satisfies, or one GBNF cannot express.

/** The schema admits no JSON value at all (e.g. minimum above maximum, an empty enum). */
export class ImpossibleSchemaError extends Error {
  constructor(
    readonly pointer: string,
    readonly reason: string,
  ) {
    super(`The JSON Schema admits no value at ${pointer || "/"}: ${reason}`);
    this.name = "ImpossibleSchemaError";
  }
}

/** The schema cannot become a grammar (e.g. a $ref that refers to itself with nothing between). */
export class UnsupportedSchemaError extends Error {
  override name = "UnsupportedSchemaError";
}
