// The access engine's public API (docs/access.md, "Engine API"): no Pulumi here.
export { AccessError, loadAccess } from './model';
export type { AccessModel, ModelRole } from './model';
export {
  accessChanges,
  applyAccess,
  desiredAccess,
  diffAccessState,
  droppedRelations,
  dropAccess,
  loadAccessModel,
  planAccess,
  readAccess,
  roleMarker,
  runnable,
  AccessRefused,
} from './engine';
export type { AccessChange, AccessOptions, AccessState, LoadedAccess, RoleState } from './engine';
export { accessStage, summariseAccess, ACCESS_STAGE } from './stage';
