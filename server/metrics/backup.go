package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"parc/server/backup"
)

var backupAgeDesc = prometheus.NewDesc("parc_backup_age_seconds",
	"Age of the newest periodic backup under the data folder (parc serve --backup-every); absent while there is none.", nil, nil)

// backupCollector reads the age of the newest periodic backup at each
// scrape, from the names of the backups folder.
type backupCollector struct {
	dataDir string
}

func (b *backupCollector) Describe(ch chan<- *prometheus.Desc) { ch <- backupAgeDesc }

func (b *backupCollector) Collect(ch chan<- prometheus.Metric) {
	newest, ok := backup.Newest(b.dataDir)
	if !ok {
		return
	}
	ch <- prometheus.MustNewConstMetric(backupAgeDesc, prometheus.GaugeValue, time.Since(newest).Seconds())
}
