// The API proxy runs next to the dev server, on its own port.
export const PROXY_PORT = 9090;
