// Package maintenance keeps the yearly preventive-maintenance round: one
// campaign per year over every PC in the service's scope, visits planned
// per site (a school only during the school holidays that the deployment's
// settings list), and the checklist of each PC on a visit. A PC checked
// done gets its last_maintained_at through the fleet's writer, and the
// coverage of a campaign counts, per commune, the PCs in scope and those
// done. Correspondents read the visits and coverage of their communes;
// only technicians write.
package maintenance
