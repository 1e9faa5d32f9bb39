export type Shape = { kind: "circle"; radius: number } | { kind: "rect"; width: number; height: number };

export function calcArea(shape: Shape): number {
  return shape.kind === "circle" ? Math.PI * shape.radius ** 2 : shape.width * shape.height;
}
