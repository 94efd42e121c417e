// The service's scope, as its charter sets it and the server enforces it
// (server/requests/category.go): the categories of a request, grouped for
// the form, and those that the service leaves to others.

/** Categories the service covers for schools and town halls (level 1), by group. */
export const CATEGORY_GROUPS = [
  { key: 'advice', codes: ['advice', 'supplier_contact'] },
  { key: 'install', codes: ['workstation_install', 'os_setup', 'network_setup', 'email_setup', 'printer_install', 'office_install', 'antivirus'] },
  { key: 'repair', codes: ['os_repair', 'reinstall', 'driver', 'virus', 'peripheral'] },
  { key: 'care', codes: ['preventive_maintenance', 'loan'] },
];

export const IN_SCOPE = CATEGORY_GROUPS.flatMap((group) => group.codes);

/** Categories the charter leaves to others, each refused with who handles it. */
export const OUT_OF_SCOPE = [
  'copier', 'printer_consumables', 'printer_repair', 'educational_software', 'business_software',
  'child_protection', 'pupil_email', 'legacy_os', 'user_assistance', 'training',
];

// Out-of-scope categories that the service still handles at the CCBE's
// office and the libraries, at levels 2 and 3.
const WIDER_SCOPE = ['copier', 'printer_consumables', 'printer_repair'];

/** Reports whether a site of this kind gets the wider scope and levels 2 and 3. */
export function hasWiderScope(siteKind) {
  return siteKind === 'library' || siteKind === 'ccbe_office';
}

/**
 * Returns the categories of a site of kind siteKind: selectable ones by
 * group (the wider scope as a group of its own) and excluded ones, which
 * the form lists with who handles them.
 * @returns {{groups: {key: string, codes: string[]}[], excluded: string[]}}
 */
export function categoriesFor(siteKind) {
  if (!hasWiderScope(siteKind)) return { groups: CATEGORY_GROUPS, excluded: OUT_OF_SCOPE };
  return {
    groups: [...CATEGORY_GROUPS, { key: 'wider', codes: WIDER_SCOPE }],
    excluded: OUT_OF_SCOPE.filter((code) => !WIDER_SCOPE.includes(code)),
  };
}

/** Returns the levels of intervention a site of this kind may get. */
export function levelsFor(siteKind) {
  return hasWiderScope(siteKind) ? [1, 2, 3] : [1];
}

/**
 * Reports whether the service leaves a whole site out: the town hall of
 * a commune that runs its own server, which an outside contractor serves.
 */
export function siteOutOfScope(site, commune) {
  return site?.kind === 'town_hall' && Boolean(commune?.has_server);
}
