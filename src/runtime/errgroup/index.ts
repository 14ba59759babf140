/** gort/errgroup: golang.org/x/sync/errgroup (Group, withContext, setLimit, tryGo). */
export { Group, withContext, type GroupFunc } from './group.ts';
