/**
 * The presiding layout's thumbnail page: 8 small tiles besides the large ones (the SFU's default
 * view too). The rest of the points are paused at the SFU until the point turns the page. Its own
 * module: the page's first script (earlyJoin.ts) asks for this view before the consoles load.
 */
export const THUMBNAIL_PAGE = 8;
