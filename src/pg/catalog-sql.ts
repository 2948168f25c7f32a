// SQL fragments every catalog query shares.

/**
 * SQL: the object is no member of an extension (its script made it, and it is the extension's to
 * manage: no stage plans, grants or reports it). `catalog` names the system catalog the object
 * lives in (`pg_class`), or is an SQL expression giving that catalog's oid (`d.classoid`);
 * `objid` is the SQL expression of the object's oid.
 */
export function notExtensionMember(catalog: string, objid: string): string {
  const classid = /^pg_[a-z_]+$/.test(catalog) ? `'${catalog}'::regclass` : catalog;
  return `NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = ${classid} AND ext.objid = ${objid} AND ext.deptype = 'e')`;
}
