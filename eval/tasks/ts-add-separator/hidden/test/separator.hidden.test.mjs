import { test } from "node:test";
import assert from "node:assert/strict";
import { joinParts } from "../out/join.js";
import { breadcrumb } from "../out/breadcrumb.js";
import { csvRow } from "../out/csv.js";
import { tagLine } from "../out/tags.js";

test("separator", () => {
  assert.equal(joinParts([" a", "", "b "], "|"), "a|b");
  assert.equal(breadcrumb(["Docs", "API"]), "Home > Docs > API");
  assert.equal(csvRow(["a", "b", "c"]), "a,b,c");
  assert.equal(tagLine(["news", " tech"]), "news, tech");
});
