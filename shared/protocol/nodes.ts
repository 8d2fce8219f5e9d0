// The cluster's node list limits and a region's form, without zod: a point's first script
// (client/ui/earlyJoin.ts) asks for its placement before zod and the protocol's schemas are loaded,
// and checks the answer with these. socket.ts builds its schemas from the same constants.

/** Most nodes a `nodes` notice (or a placement answer) lists. */
export const MAX_CLUSTER_NODES = 64;

/** The longest region name (the pattern below and the organiser console's input). */
export const REGION_MAX = 64;
/** A cluster node's region (HOINGHI_NODE_REGION) or the one a join link asks for: a province's code or name. */
export const REGION_PATTERN = new RegExp(`^[\\p{L}\\p{N}._-]{1,${REGION_MAX}}$`, 'u');

/** Longest node URL a notice carries. */
export const MAX_NODE_URL_LENGTH = 500;
