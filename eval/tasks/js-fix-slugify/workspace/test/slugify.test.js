import { test } from "node:test";
import assert from "node:assert/strict";
import { slugify } from "../src/slugify.js";
import { postUrl } from "../src/index.js";

test("lower case, dashes between words", () => {
  assert.equal(slugify("Hello World"), "hello-world");
});

test("runs of punctuation and spaces become one dash", () => {
  assert.equal(slugify("Node.js -- the  good parts!"), "node-js-the-good-parts");
});

test("post urls", () => {
  assert.equal(postUrl({ year: 2024, title: "  What's new?  " }), "/blog/2024/what-s-new");
});
