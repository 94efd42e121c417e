// Package inventory keeps the scans of inventory rounds (« états des
// lieux ») that technicians' devices push. A round is made on a device,
// without signal if need be. Each scan it records reaches the server as
// an inventory_scan operation, is stored once and never changes, and
// dates the asset's last inventory.
package inventory
