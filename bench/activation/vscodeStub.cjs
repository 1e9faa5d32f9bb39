// A stand-in for the `vscode` module, enough for an extension's activate() to run in plain Node:
// real values where the extension computes with them (settings' defaults from package.json,
// file URIs, an ExtensionContext on temp folders), and for everything else a permissive
// "anything" that can be called, constructed, read and disposed. It measures what loading and
// activating cost, not behaviour: the e2e tests run the real VS Code. Registrations (commands,
// views, providers, tools, status-bar items) are counted while they live, and commands run when
// executed, so a probe can use a feature for the first time and see what got registered twice.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** Callable, constructible, every property another `anything`; never a thenable. */
function anything(name) {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(t, prop) {
      if (prop === "then") return undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === "prototype") return t.prototype;
      if (prop === "dispose") return () => undefined;
      if (!cache.has(prop)) cache.set(prop, anything(`${name}.${String(prop)}`));
      return cache.get(prop);
    },
    set(t, prop, value) {
      cache.set(prop, value);
      return true;
    },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`),
  });
}

function uri(fsPath) {
  const u = { scheme: "file", authority: "", path: fsPath, fsPath, query: "", fragment: "" };
  u.toString = () => `file://${fsPath}`;
  u.with = (change) => uri(change.path ?? fsPath);
  u.toJSON = () => ({ scheme: "file", path: fsPath });
  return u;
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Disposable {
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d && typeof d.dispose === "function" && d.dispose()));
  }
  constructor(callOnDispose) {
    this.callOnDispose = callOnDispose;
  }
  dispose() {
    this.callOnDispose?.();
  }
}

function configuration(defaults, section) {
  const full = (key) => (section ? `${section}.${key}` : key);
  return {
    get: (key, fallback) => (full(key) in defaults ? defaults[full(key)] : fallback),
    has: (key) => full(key) in defaults,
    inspect: (key) => ({ key: full(key), defaultValue: defaults[full(key)] }),
    update: () => Promise.resolve(),
  };
}

/**
 * The API's top-level names (namespaces, classes, enums, functions), read from @types/vscode:
 * bundlers copy a CommonJS module's own properties, so each must exist up front.
 */
function apiNames() {
  try {
    const types = fs.readFileSync(require.resolve("@types/vscode/index.d.ts", { paths: [process.env.EXTENSION_ROOT || process.cwd()] }), "utf8");
    return [...types.matchAll(/^\texport (?:namespace|class|enum|const|let|function) ([A-Za-z_]+)/gm)].map((m) => m[1]);
  } catch {
    return ["window", "workspace", "commands", "languages", "lm", "env", "extensions"];
  }
}

function createVscodeStub() {
  const manifest = readManifest();
  const defaults = {};
  for (const [key, schema] of Object.entries(manifest.contributes?.configuration?.properties ?? {})) defaults[key] = schema.default;
  const stub = {};
  for (const name of apiNames()) stub[name] = anything(`vscode.${name}`);
  const real = {
    version: "1.105.1",
    EventEmitter,
    Disposable,
    Uri: {
      file: (p) => uri(path.resolve(p)),
      parse: (text) => uri(text.replace(/^file:\/\//, "")),
      joinPath: (base, ...parts) => uri(path.join(base.fsPath, ...parts)),
    },
    UIKind: { Desktop: 1, Web: 2 },
    env: { uiKind: 1, language: "en", appName: "stub", remoteName: undefined, machineId: "stub", sessionId: "stub" },
    workspace: Object.assign(anything("vscode.workspace"), {
      getConfiguration: (section) => configuration(defaults, section),
      workspaceFolders: undefined,
      isTrusted: true,
      textDocuments: [],
    }),
    extensions: Object.assign(anything("vscode.extensions"), { all: [] }),
  };
  for (const [key, value] of Object.entries(real)) stub[key] = value;
  addRegistry(stub);
  return stub;
}

/**
 * Live registrations, counted by "kind key" (`stub.__registrations()`); a command registered twice
 * throws, as in VS Code. Executing a registered command runs it; any other resolves undefined.
 */
function addRegistry(stub) {
  const counts = new Map();
  const track = (kind, key) => {
    const id = `${kind} ${key}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    let live = true;
    return new Disposable(() => {
      if (!live) return;
      live = false;
      const left = counts.get(id) - 1;
      if (left) counts.set(id, left);
      else counts.delete(id);
    });
  };
  const commands = new Map();
  Object.assign(stub.commands, {
    registerCommand(id, callback, thisArg) {
      if (commands.has(id)) throw new Error(`command '${id}' already exists`);
      commands.set(id, thisArg === undefined ? callback : callback.bind(thisArg));
      const tracked = track("command", id);
      return new Disposable(() => {
        commands.delete(id);
        tracked.dispose();
      });
    },
    executeCommand: async (id, ...args) => commands.get(id)?.(...args),
  });
  const logLines = [];
  const record = (level) => (message, ...rest) => void logLines.push(`${level}: ${[message, ...rest].map(String).join(" ")}`);
  Object.assign(stub.window, {
    createOutputChannel: (name) =>
      Object.assign(anything(`outputChannel ${name}`), { trace: record("trace"), debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error"), appendLine: record("line") }),
    registerWebviewViewProvider: (id) => track("webview view", id),
    createStatusBarItem: (id) => {
      const tracked = track("status item", typeof id === "string" ? id : "(no id)");
      return { show() {}, hide() {}, dispose: () => tracked.dispose() };
    },
  });
  Object.assign(stub.languages, {
    registerInlineCompletionItemProvider: () => track("inline completion provider", "*"),
    registerCodeActionsProvider: () => track("code action provider", "*"),
  });
  stub.workspace.registerTextDocumentContentProvider = (scheme) => track("content provider", scheme);
  Object.assign(stub.lm, {
    registerTool: (name) => track("tool", name),
    registerLanguageModelChatProvider: (vendor) => track("chat provider", vendor),
  });
  stub.__registrations = () => Object.fromEntries([...counts].sort());
  /** The warnings and errors the extension logged. */
  stub.__problems = () => logLines.filter((line) => line.startsWith("warn") || line.startsWith("error"));
}

function readManifest() {
  const root = process.env.EXTENSION_ROOT || process.cwd();
  try {
    return JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  } catch {
    return {};
  }
}

function memento() {
  const values = new Map();
  return { get: (key, fallback) => (values.has(key) ? values.get(key) : fallback), update: async (key, value) => void values.set(key, value), keys: () => [...values.keys()], setKeysForSync: () => undefined };
}

/** An ExtensionContext whose storage folders are fresh temp folders. */
function createExtensionContext(extensionRoot) {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), "bench-activation-"));
  process.on("exit", () => fs.rmSync(storage, { recursive: true, force: true }));
  const secrets = new EventEmitter();
  return {
    subscriptions: [],
    extensionPath: extensionRoot,
    extensionUri: uri(extensionRoot),
    extension: { id: "gpt-oss-local.gpt-oss-local", packageJSON: readManifest(), extensionUri: uri(extensionRoot), extensionPath: extensionRoot },
    globalStorageUri: uri(path.join(storage, "global")),
    globalStoragePath: path.join(storage, "global"),
    storageUri: uri(path.join(storage, "workspace")),
    storagePath: path.join(storage, "workspace"),
    logUri: uri(path.join(storage, "logs")),
    logPath: path.join(storage, "logs"),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: secrets.event },
    environmentVariableCollection: anything("environmentVariableCollection"),
    extensionMode: 1,
    asAbsolutePath: (relative) => path.join(extensionRoot, relative),
  };
}

module.exports = { createVscodeStub, createExtensionContext };
