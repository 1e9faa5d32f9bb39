// Small line icons drawn as inline SVG: codicons are a font the webview would have to bundle, and
// these few shapes are cheaper. They take the text colour (currentColor), so every theme fits.

const ns = "http://www.w3.org/2000/svg";

type Shape = ["path", string] | ["rect", number, number, number, number] | ["circle", number, number, number, string?];

function icon(name: string, shapes: Shape[]): () => SVGSVGElement {
  return () => {
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", `icon icon-${name}`);
    for (const shape of shapes) {
      const element = document.createElementNS(ns, shape[0]);
      if (shape[0] === "path") element.setAttribute("d", shape[1]);
      else if (shape[0] === "rect") {
        const [, x, y, width, height] = shape;
        element.setAttribute("x", String(x));
        element.setAttribute("y", String(y));
        element.setAttribute("width", String(width));
        element.setAttribute("height", String(height));
        element.setAttribute("rx", "1");
      } else {
        const [, cx, cy, r, className] = shape;
        element.setAttribute("cx", String(cx));
        element.setAttribute("cy", String(cy));
        element.setAttribute("r", String(r));
        if (className) element.setAttribute("class", className);
      }
      svg.append(element);
    }
    return svg;
  };
}

export const icons = {
  send: icon("send", [["path", "M8 13.5V3M3.5 7.5 8 3l4.5 4.5"]]),
  stop: icon("stop", [["rect", 4, 4, 8, 8]]),
  add: icon("add", [["path", "M8 3v10M3 8h10"]]),
  chevron: icon("chevron", [["path", "M6 3.5 10.5 8 6 12.5"]]),
  copy: icon("copy", [["rect", 5.5, 5.5, 8, 8], ["path", "M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5"]]),
  check: icon("check", [["path", "M3 8.5l3.2 3.2L13 4.8"]]),
  close: icon("close", [["path", "M4 4l8 8M12 4l-8 8"]]),
  denied: icon("denied", [["circle", 8, 8, 5.5], ["path", "M4.2 11.8l7.6-7.6"]]),
  warning: icon("warning", [["path", "M8 2.2 14.2 13H1.8z"], ["path", "M8 6.5v3M8 11.2v.3"]]),
  info: icon("info", [["circle", 8, 8, 5.8], ["path", "M8 7.2v4.3M8 4.8v.3"]]),
  error: icon("error", [["circle", 8, 8, 5.8], ["path", "M5.9 5.9l4.2 4.2M10.1 5.9l-4.2 4.2"]]),
  spinner: icon("spinner", [["circle", 8, 8, 5.5, "track"], ["path", "M8 2.5a5.5 5.5 0 0 1 5.5 5.5"]]),
  question: icon("question", [["circle", 8, 8, 5.8], ["path", "M6.3 6.3a1.8 1.8 0 1 1 2.6 1.6c-.6.3-.9.7-.9 1.3v.3M8 11.3v.2"]]),
  stopped: icon("stopped", [["circle", 8, 8, 5.8], ["rect", 6, 6, 4, 4]]),
  trim: icon("trim", [["path", "M3 4h10M3 8h6M3 12h8"]]),
  idle: icon("idle", [["circle", 8, 8, 4.5]]),
  effort: icon("effort", [["path", "M2.5 12.5a5.5 5.5 0 0 1 11 0"], ["path", "M8 12.5l2.6-3.6"]]),
  insert: icon("insert", [["path", "M8 2.5v7M5 6.5l3 3 3-3M3 12.5h10"]]),
  apply: icon("apply", [["path", "M3 3.5h6M3 6.5h4M3 9.5h3"], ["path", "M8.5 11l2 2 3.5-4"]]),
  history: icon("history", [["circle", 8, 8, 5.8], ["path", "M8 4.8V8l2.2 1.6"]]),
  rename: icon("rename", [["path", "M10.5 2.8l2.7 2.7L6 12.7H3.3V10z"]]),
  trash: icon("trash", [["path", "M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5"]]),
  attach: icon("attach", [["path", "M10.5 5.5 6 10a1.4 1.4 0 0 0 2 2l4.8-4.8a2.8 2.8 0 0 0-4-4L4 8a4.2 4.2 0 0 0 6 6l3.5-3.5"]]),
  file: icon("file", [["path", "M4 2h5l3 3v9H4z"], ["path", "M9 2v3h3"]]),
  selection: icon("selection", [["path", "M3 4h10M3 8h10M3 12h6"]]),
  tools: icon("tools", [["path", "M9.8 2.6a3 3 0 0 0-3.6 3.9L2.6 10.1a1.2 1.2 0 0 0 1.7 1.7l3.6-3.6a3 3 0 0 0 3.9-3.6L10 6.4 8.9 6.1 8.6 5z"]]),
};
