/**
 * gort/errgroup: golang.org/x/sync/errgroup (Group, withContext, setLimit, tryGo).
 *
 * @module gort/errgroup
 */
export { Group, withContext, type GroupFunc } from './group.ts';
