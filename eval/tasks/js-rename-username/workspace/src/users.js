/** The name to show for a user: their nickname if they set one, else first and last name. */
export function getUserName(user) {
  if (user.nickname) return user.nickname;
  return `${user.first} ${user.last}`;
}
