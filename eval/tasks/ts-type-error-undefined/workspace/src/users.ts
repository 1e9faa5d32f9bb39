export interface User {
  id: number;
  name: string;
}

export const USERS: User[] = [
  { id: 1, name: "Ada" },
  { id: 2, name: "Grace" },
];

/** The name of the user with `id` in `users`. */
export function nameOf(users: User[], id: number): string {
  const user = users.find((u) => u.id === id);
  return user.name;
}
