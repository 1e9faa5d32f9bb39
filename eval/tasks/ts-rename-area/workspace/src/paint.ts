import * as geometry from "./geometry.js";

/** Litres of paint for a wall, at 10 square metres per litre. */
export function litresFor(wall: geometry.Shape): number {
  return geometry.calcArea(wall) / 10;
}
