// Package maintenance keeps the yearly preventive-maintenance round. A
// campaign covers every PC in the service's scope for one year. Visits are
// planned per site, a school's only during the school holidays that the
// deployment's settings list, and each PC checked on a visit gets a
// checklist. A PC checked done gets its last_maintained_at through the
// fleet's writer, and the coverage of a campaign counts, per commune, the
// PCs in scope and those done. Correspondents read the visits and coverage
// of their communes, and only technicians write.
package maintenance
