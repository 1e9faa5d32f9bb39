// Which file a chat code block names, for its Apply button.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codeTarget, languageFits, pathFromInfo } from "../../src/webview/codeTarget";

describe("code block target", () => {
  it("takes a path written after the language in the fence", () => {
    assert.equal(pathFromInfo("ts src/a.ts"), "src/a.ts");
    assert.equal(pathFromInfo("python file=app/main.py"), "app/main.py");
    assert.equal(pathFromInfo('json path:"config/settings.json"'), "config/settings.json");
    assert.deepEqual(codeTarget("ts src/a.ts", "export const a = 1;"), { path: "src/a.ts", code: "export const a = 1;" });
  });

  it("ignores info words that are not file paths", () => {
    assert.equal(pathFromInfo("ts"), undefined);
    assert.equal(pathFromInfo("js {1,3}"), undefined);
    assert.equal(pathFromInfo("ts https://example.com/a.ts"), undefined);
    assert.equal(pathFromInfo("sh title with spaces"), undefined);
  });

  it("takes a path from a leading comment and leaves the comment out of the code", () => {
    assert.deepEqual(codeTarget("ts", "// src/tax.ts\nexport const VAT = 0.2;"), { path: "src/tax.ts", code: "export const VAT = 0.2;" });
    assert.deepEqual(codeTarget("python", "# file: app.py\nprint(1)"), { path: "app.py", code: "print(1)" });
    assert.deepEqual(codeTarget("html", "<!-- public/index.html -->\n<p>hi</p>"), { path: "public/index.html", code: "<p>hi</p>" });
    assert.deepEqual(codeTarget("ts", "/* filepath: lib/x.ts */\nlet x;"), { path: "lib/x.ts", code: "let x;" });
  });

  it("a comment that is prose or a lone comment line names nothing", () => {
    assert.equal(codeTarget("ts", "// compute the total\nconst t = 1;").path, undefined);
    assert.equal(codeTarget("ts", "// src/a.ts").path, undefined);
    assert.equal(codeTarget("py", "# 1.5 is the rate\nr = 1.5").path, undefined);
  });

  it("matches fence languages to VS Code language ids", () => {
    assert.ok(languageFits("ts", "typescript"));
    assert.ok(languageFits("TypeScript", "typescript"));
    assert.ok(languageFits("py", "python"));
    assert.ok(languageFits("bash", "shellscript"));
    assert.ok(!languageFits("ts", "python"));
    assert.ok(!languageFits("", "typescript"));
    assert.ok(!languageFits("ts", undefined));
  });
});
