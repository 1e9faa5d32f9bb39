// GGUF model files: read and check the header, describe the model. Pure: node:fs only.
export { GgufError, type GgufErrorCode } from "./errors";
export { readGguf, GgufValueType, type GgufFile, type GgufTensorInfo, type GgufValue, type GgufArray, type ReadGgufOptions } from "./reader";
export { describeModel, readModelDescription, DESCRIBE_KEEP_ARRAYS, HARMONY_SPECIAL_TOKENS, type ModelDescription } from "./describe";
