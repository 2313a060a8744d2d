export const ROLES = ["submitter", "reviewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * read: the API's GET routes and the dashboard. submit: POST /jobs. review: confirm or overturn
 * verdicts. export: CSV and JSON downloads. operate: redrive the DLQ, re-judge, start crawls.
 */
export const PERMISSIONS = ["read", "submit", "review", "export", "operate"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  submitter: ["read", "submit"],
  reviewer: ["read", "review", "export"],
  admin: ["read", "submit", "review", "export", "operate"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The roles holding a permission, for messages such as "needs reviewer or admin". */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => can(role, permission));
}
