// Sample tool schemas covering every construct jsonSchemaToGbnf handles, each with texts its
// grammar must accept and texts it must refuse. Unit tests check them with GbnfMatcher; engine
// tests feed every grammar to llama.cpp (which throws on GBNF it cannot parse) and cross-check
// some verdicts by forcing the texts through a real model.
import * as z from "zod";

export interface SampleSchema {
  name: string;
  schema: unknown;
  /** Compact JSON texts the grammar accepts (each also passes `zod`, when given). */
  accepts: string[];
  /** Texts the grammar refuses. */
  refuses: string[];
  /** The zod schema it came from, when it came from one. */
  zod?: z.ZodType;
}

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input" });

function fromZod(name: string, schema: z.ZodType, accepts: string[], refuses: string[]): SampleSchema {
  return { name, schema: toJson(schema), accepts, refuses, zod: schema };
}

const ReadFile = z.object({
  path: z.string().max(64),
  start_line: z.number().int().min(1).optional(),
  end_line: z.number().int().min(1).optional(),
  mode: z.enum(["head", "tail", "full"]).optional(),
  flags: z.array(z.string().max(16)).max(4).optional(),
});

const Tree: z.ZodType = z.lazy(() => z.object({ name: z.string().max(8), children: z.array(Tree).max(3).optional() }));
const Shared = z.object({ x: z.number().int().min(0).max(9) });

export function sampleSchemas(): SampleSchema[] {
  return [
    fromZod(
      "read_file",
      ReadFile,
      ['{"path":"a.ts"}', '{"path":"a.ts","mode":"head"}', '{"path":"", "start_line": 1, "end_line": 20}', '{"path":"x","flags":["a","b"]}', '{"path":"x","start_line":9007199254740991,"end_line":2,"mode":"full","flags":[]}'],
      ['{"mode":"head"}', '{"path":"a",}', '{"path":"a","start_line":0}', '{"path":"a","start_line":1e3}', '{"path":"a","start_line":01}', '{"path":"a","start_line":1.5}', '{"path":"a","mode":"up"}', '{"path":"a","flags":["a","b","c","d","e"]}', '{"start_line":1,"path":"a"}', '{"path":"a"} ', ' {"path":"a"}', '{"path":"a<|end|>"}', '{"path":"a",  "mode":"head"}', '{\n"path":"a"}'],
    ),
    fromZod(
      "edit_file",
      z.object({ path: z.string().min(1).max(200), old_text: z.string(), new_text: z.string(), replace_all: z.boolean().optional() }),
      ['{"path":"a","old_text":"x < y","new_text":"Array<string> || a<=b"}', '{"path":"a","old_text":"<","new_text":"\\u003c|end|>","replace_all":true}', '{"path":"a","old_text":"\\"q\\"\\n\\t\\\\","new_text":"😀"}'],
      ['{"path":"","old_text":"","new_text":""}', '{"path":"a","old_text":"<|","new_text":""}', '{"path":"a","old_text":"a<<|","new_text":""}', '{"path":"a","old_text":"\n","new_text":""}', '{"path":"a","old_text":"\\x","new_text":""}', '{"path":"a","old_text":"","new_text":"","replace_all":1}'],
    ),
    fromZod(
      "lengths",
      z.object({ exact: z.string().length(3), short: z.string().min(1).max(2) }),
      ['{"exact":"abc","short":"a"}', '{"exact":"a\\"c","short":"<<"}', '{"exact":"\\ud83d\\ude00xy","short":"<a"}', '{"exact":"😀xy","short":"😀"}'],
      ['{"exact":"ab","short":"a"}', '{"exact":"abcd","short":"a"}', '{"exact":"abc","short":""}', '{"exact":"😀x","short":"a"}', '{"exact":"abc","short":"<|"}', '{"exact":"\\ud83dxy","short":"a"}', '{"exact":"\\ude00xy","short":"a"}'],
    ),
    fromZod(
      "numbers",
      z.object({ count: z.number().int().min(-5).max(120), ratio: z.number().min(0).max(1), delta: z.number(), id: z.int32() }),
      ['{"count":-5,"ratio":0.25,"delta":-12.5,"id":-2147483648}', '{"count":120,"ratio":1,"delta":0,"id":2147483647}', '{"count":0,"ratio":0,"delta":123456789012345.1234567890123456,"id":7}'],
      ['{"count":121,"ratio":0,"delta":0,"id":0}', '{"count":-6,"ratio":0,"delta":0,"id":0}', '{"count":-0,"ratio":0,"delta":0,"id":0}', '{"count":1,"ratio":-0.5,"delta":0,"id":0}', '{"count":1,"ratio":0,"delta":1e5,"id":0}', '{"count":1,"ratio":0,"delta":1234567890123456,"id":0}', '{"count":1,"ratio":0,"delta":0,"id":2147483648}', '{"count":1,"ratio":0,"delta":.5,"id":0}', '{"count":1,"ratio":0,"delta":0,"id":+1}'],
    ),
    fromZod(
      "nullable_union_literal",
      z.object({ a: z.string().max(4).nullable(), b: z.number().int().min(0).max(9).nullish(), c: z.literal("x"), d: z.literal(3), e: z.union([z.string().max(2), z.boolean()]), f: z.literal(["<|end|>", 1, true]) }),
      ['{"a":null,"c":"x","d":3,"e":true,"f":"\\u003c|end|>"}', '{"a":"abcd","b":null,"c":"x","d":3,"e":"ab","f":1}', '{"a":"","b":9,"c":"x","d":3,"e":false,"f":true}'],
      ['{"a":"abcde","c":"x","d":3,"e":true,"f":1}', '{"a":null,"c":"y","d":3,"e":true,"f":1}', '{"a":null,"c":"x","d":4,"e":true,"f":1}', '{"a":null,"c":"x","d":3,"e":1,"f":1}', '{"a":null,"c":"x","d":3,"e":true,"f":"<|end|>"}', '{"a":null,"c":"x","d":3,"e":true,"f":false}'],
    ),
    fromZod(
      "defaults_are_optional",
      z.object({ query: z.string().max(10), limit: z.number().int().min(1).max(50).default(10), regex: z.boolean().default(false) }),
      ['{"query":"a"}', '{"query":"a","regex":true}', '{"query":"a","limit":50,"regex":false}'],
      ['{"query":"a","limit":51}', '{"limit":5}'],
    ),
    fromZod(
      "arrays_and_tuples",
      z.object({ pair: z.tuple([z.string().max(3), z.number().int().min(0).max(9)]), rest: z.tuple([z.boolean()], z.number().int().min(0).max(9)), some: z.array(z.number().int().min(0).max(9)).min(1).max(3) }),
      ['{"pair":["a",1],"rest":[true],"some":[1]}', '{"pair":["",0],"rest":[false,1,2,3],"some":[1,2,3]}'],
      ['{"pair":["a"],"rest":[true],"some":[1]}', '{"pair":["a",1,2],"rest":[true],"some":[1]}', '{"pair":["a",1],"rest":[],"some":[1]}', '{"pair":["a",1],"rest":[true],"some":[]}', '{"pair":["a",1],"rest":[true],"some":[1,2,3,4]}', '{"pair":["a",1],"rest":[true],"some":[1,]}'],
    ),
    fromZod(
      "records",
      z.object({ env: z.record(z.string().max(8), z.string().max(8)), counts: z.record(z.enum(["a", "b"]), z.number().int().min(0).max(9)), maybe: z.partialRecord(z.enum(["x", "y"]), z.boolean()) }),
      ['{"env":{},"counts":{"a":1,"b":2},"maybe":{}}', '{"env":{"HOME":"/h","K":""},"counts":{"a":0,"b":0},"maybe":{"y":true}}', '{"env":{},"counts":{"a":1,"b":2},"maybe":{"x":false,"y":true}}'],
      ['{"env":{},"counts":{"a":1},"maybe":{}}', '{"env":{},"counts":{"a":1,"b":2,"c":3},"maybe":{}}', '{"env":{"<|x":""},"counts":{"a":1,"b":2},"maybe":{}}', '{"env":{},"counts":{"a":1,"b":2},"maybe":{"z":true}}'],
    ),
    fromZod(
      "discriminated_union",
      z.discriminatedUnion("op", [z.object({ op: z.literal("read"), path: z.string().max(20) }), z.object({ op: z.literal("list"), depth: z.number().int().min(0).max(3).optional() })]),
      ['{"op":"read","path":"a"}', '{"op":"list"}', '{"op":"list","depth":2}'],
      ['{"op":"read"}', '{"op":"list","path":"a"}', '{"op":"write"}'],
    ),
    fromZod(
      "recursion_and_shared_defs",
      z.object({ tree: Tree, a: Shared, b: Shared }),
      ['{"tree":{"name":"r"},"a":{"x":1},"b":{"x":2}}', '{"tree":{"name":"r","children":[{"name":"c","children":[{"name":"d"}]}]},"a":{"x":0},"b":{"x":9}}'],
      ['{"tree":{"name":"r","children":[{}]},"a":{"x":1},"b":{"x":2}}', '{"tree":{"name":"r"},"a":{"x":10},"b":{"x":2}}'],
    ),
    fromZod(
      "intersection_and_any",
      z.object({ both: z.intersection(z.string().max(5), z.string().min(2)), anything: z.any(), meta: z.unknown().optional() }),
      ['{"both":"ab","anything":null}', '{"both":"abcde","anything":{"k":[1,"x",{"y":true}]},"meta":-1.5}'],
      ['{"both":"a","anything":1}', '{"both":"abcdef","anything":1}', '{"both":"ab"}', '{"both":"ab","anything":"<|end|>"}', '{"both":"ab","anything":[[[[1]]]]}'],
    ),
    {
      name: "hand_written",
      schema: {
        type: "object",
        properties: {
          kind: { enum: ["a", "b"] },
          level: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 10 },
          tags: { type: "array", items: { type: "string", maxLength: 3 }, minItems: 2, maxItems: 2 },
          when: { type: "string", format: "date-time", pattern: "^\\d{4}" },
          old_style: { type: ["integer", "null"], minimum: 1, maximum: 3 },
          tuple7: { type: "array", items: [{ type: "boolean" }], additionalItems: false },
          open: { type: "object" },
          self: { $ref: "#/definitions/node" },
          unique: { type: "array", items: { type: "integer", minimum: 0, maximum: 9 }, uniqueItems: true, maxItems: 2 },
          impossible_optional: { type: "string", minLength: 3, maxLength: 2 },
        },
        required: ["kind", "level"],
        additionalProperties: false,
        definitions: { node: { type: "object", properties: { next: { $ref: "#/definitions/node" } }, additionalProperties: false } },
      },
      accepts: ['{"kind":"a","level":1}', '{"kind":"b","level":9,"tags":["x","yz"],"when":"2024","old_style":null,"tuple7":[true],"open":{"k":1},"self":{"next":{"next":{}}},"unique":[1,1]}', '{"kind":"a","level":5,"tuple7":[],"open":{}}'],
      refuses: ['{"kind":"a","level":0}', '{"kind":"a","level":10}', '{"kind":"a","level":1,"tags":["x"]}', '{"kind":"a","level":1,"old_style":4}', '{"kind":"a","level":1,"tuple7":[true,false]}', '{"kind":"a","level":1,"impossible_optional":"abc"}', '{"kind":"a","level":1,"self":{"other":1}}'],
    },
  ];
}
