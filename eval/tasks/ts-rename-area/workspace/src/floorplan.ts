import { calcArea, type Shape } from "./geometry.js";

export function totalArea(rooms: Shape[]): number {
  return rooms.reduce((sum, room) => sum + calcArea(room), 0);
}
