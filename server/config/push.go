package config

import (
	"net/url"
	"strings"
)

// loadPush reads the URL prefixes of push endpoints that skip the check
// against private addresses. Each must be an http:// or https:// URL
// with a host, so that a typo cannot allow every endpoint.
func (cfg *Config) loadPush(v map[string]string) []error {
	var errs []error
	for _, prefix := range strings.Split(v["push-endpoint-allow"], ",") {
		prefix = strings.TrimSpace(prefix)
		if prefix == "" {
			continue
		}
		u, err := url.Parse(prefix)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, invalid("push-endpoint-allow", prefix, "use URL prefixes with a scheme and a host, such as http://127.0.0.1: or https://push.example.org/, separated by commas"))
			continue
		}
		cfg.PushEndpointAllow = append(cfg.PushEndpointAllow, prefix)
	}
	return errs
}
