export { slugify } from "./slugify.js";

export function postUrl(post) {
  return `/blog/${post.year}/${slugify(post.title)}`;
}

import { slugify } from "./slugify.js";
