package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// cpuSample holds the CPU time that the whole machine, the servers and
// this program had used at one moment, in clock ticks.
type cpuSample struct {
	machineBusy, machineTotal int64
	servers, self             int64
}

// sampleCPU reads /proc/stat and /proc/PID/stat (Linux only).
func sampleCPU(pids []int) (cpuSample, error) {
	var s cpuSample
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return s, fmt.Errorf("read CPU time: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 5 || fields[0] != "cpu" {
		return s, fmt.Errorf("unexpected first line of /proc/stat: %q", line)
	}
	for i, f := range fields[1:] {
		n, _ := strconv.ParseInt(f, 10, 64)
		s.machineTotal += n
		// idle and iowait are the 4th and 5th columns.
		if i != 3 && i != 4 {
			s.machineBusy += n
		}
	}
	for _, pid := range pids {
		ticks, err := processTicks(strconv.Itoa(pid))
		if err != nil {
			return s, err
		}
		s.servers += ticks
	}
	s.self, err = processTicks("self")
	return s, err
}

// processTicks returns the user and system CPU time of a process.
func processTicks(pid string) (int64, error) {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, fmt.Errorf("read CPU time of process %s: %w", pid, err)
	}
	// The command name in brackets may hold spaces: count fields after it.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%s/stat: %.100s", pid, data)
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime, nil
}

// describeCPU returns the shares of the machine's CPU capacity that the
// servers, this program and every other process used between a and b.
func describeCPU(a, b cpuSample) string {
	total := float64(b.machineTotal - a.machineTotal)
	if total <= 0 {
		return "CPU use unknown"
	}
	servers := float64(b.servers - a.servers)
	self := float64(b.self - a.self)
	others := float64(b.machineBusy-a.machineBusy) - servers - self
	return fmt.Sprintf("CPU share of the machine during the run: servers %.0f %%, load generator %.0f %%, other processes %.0f %%",
		100*servers/total, 100*self/total, 100*max(others, 0)/total)
}
