// Route metadata keys read outside the module that sets them (the OpenAPI document reads
// which routes are public; src/auth sets and enforces it).

/** Set by auth's @Public(): the route authenticates itself or needs no credential. */
export const IS_PUBLIC = 'comeback:public';
