// Command prometheus-check validates Prometheus configuration files: it reads a JSON array of YAML
// texts and prints a JSON array with, for each, "" when it passes or the reason it does not.
//
// Prometheus's own loader (github.com/prometheus/prometheus/config, what promtool check config
// runs) imports every remote-write client (AWS, Azure, Google) and, for kubernetes_sd_configs,
// Kubernetes' client-go: ~330 MB of modules and minutes of compiling on a clean CI machine. This
// check keeps Prometheus's own code for every value the export writes and mirrors only the shape:
//   - YAML: go.yaml.in/yaml/v2 UnmarshalStrict, the decoder and mode Prometheus's loader uses, so
//     an unknown or misspelt field fails.
//   - relabel_configs: Prometheus's relabel.Config (its UnmarshalYAML and Validate: the action,
//     the regex, the target label), from github.com/prometheus/prometheus/model/relabel.
//   - durations: prometheus/common's model.Duration; the HTTP client settings every scrape and
//     service-discovery config inlines: prometheus/common's config.HTTPClientConfig.
//   - the structs around them (global, scrape_configs, kubernetes_sd_configs) mirror Prometheus
//     v3's config.GlobalConfig, config.ScrapeConfig and kubernetes.SDConfig field for field (yaml
//     tags as in prometheus v0.316.0), and their rules that concern these fields: a job name is
//     required and unique, scrape_timeout is at most scrape_interval, a Kubernetes role is one of
//     Prometheus's six, metrics_path starts with "/".
//
// What a mirror cannot promise: a field Prometheus adds later is unknown here until it is added.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/relabel"
	"go.yaml.in/yaml/v2"
)

// Defaults as in Prometheus's config.DefaultGlobalConfig.
var (
	defaultScrapeInterval = model.Duration(60_000_000_000)
	defaultScrapeTimeout  = model.Duration(10_000_000_000)
)

type file struct {
	Global        global          `yaml:"global"`
	RuleFiles     []string        `yaml:"rule_files,omitempty"`
	ScrapeConfigs []*scrapeConfig `yaml:"scrape_configs,omitempty"`
}

type global struct {
	ScrapeInterval     model.Duration    `yaml:"scrape_interval,omitempty"`
	ScrapeTimeout      model.Duration    `yaml:"scrape_timeout,omitempty"`
	EvaluationInterval model.Duration    `yaml:"evaluation_interval,omitempty"`
	ExternalLabels     map[string]string `yaml:"external_labels,omitempty"`
}

type scrapeConfig struct {
	JobName              string                     `yaml:"job_name"`
	HonorLabels          bool                       `yaml:"honor_labels,omitempty"`
	HonorTimestamps      *bool                      `yaml:"honor_timestamps"`
	Params               url.Values                 `yaml:"params,omitempty"`
	ScrapeInterval       model.Duration             `yaml:"scrape_interval,omitempty"`
	ScrapeTimeout        model.Duration             `yaml:"scrape_timeout,omitempty"`
	MetricsPath          string                     `yaml:"metrics_path,omitempty"`
	Scheme               string                     `yaml:"scheme,omitempty"`
	SampleLimit          uint                       `yaml:"sample_limit,omitempty"`
	HTTPClientConfig     commoncfg.HTTPClientConfig `yaml:",inline"`
	RelabelConfigs       []*relabel.Config          `yaml:"relabel_configs,omitempty"`
	MetricRelabelConfigs []*relabel.Config          `yaml:"metric_relabel_configs,omitempty"`
	KubernetesSDConfigs  []*kubernetesSD            `yaml:"kubernetes_sd_configs,omitempty"`
	StaticConfigs        []*staticConfig            `yaml:"static_configs,omitempty"`
}

type kubernetesSD struct {
	APIServer        commoncfg.URL              `yaml:"api_server,omitempty"`
	Role             string                     `yaml:"role"`
	KubeConfig       string                     `yaml:"kubeconfig_file"`
	HTTPClientConfig commoncfg.HTTPClientConfig `yaml:",inline"`
	Namespaces       struct {
		IncludeOwnNamespace bool     `yaml:"own_namespace"`
		Names               []string `yaml:"names"`
	} `yaml:"namespaces,omitempty"`
	Selectors []struct {
		Role  string `yaml:"role,omitempty"`
		Label string `yaml:"label,omitempty"`
		Field string `yaml:"field,omitempty"`
	} `yaml:"selectors,omitempty"`
	AttachMetadata struct {
		Node bool `yaml:"node"`
	} `yaml:"attach_metadata,omitempty"`
}

type staticConfig struct {
	Targets []string          `yaml:"targets"`
	Labels  map[string]string `yaml:"labels,omitempty"`
}

var roles = map[string]bool{"pod": true, "service": true, "endpoints": true, "endpointslice": true, "node": true, "ingress": true}

func check(text string) error {
	var f file
	if err := yaml.UnmarshalStrict([]byte(text), &f); err != nil {
		return err
	}
	if f.Global.ScrapeInterval == 0 {
		f.Global.ScrapeInterval = defaultScrapeInterval
	}
	if f.Global.ScrapeTimeout == 0 {
		f.Global.ScrapeTimeout = min(defaultScrapeTimeout, f.Global.ScrapeInterval)
	}
	if f.Global.ScrapeTimeout > f.Global.ScrapeInterval {
		return errors.New("global scrape timeout greater than scrape interval")
	}
	jobs := map[string]bool{}
	for _, sc := range f.ScrapeConfigs {
		if sc == nil {
			return errors.New("empty or null scrape config section")
		}
		if sc.JobName == "" {
			return errors.New("job_name is empty")
		}
		if jobs[sc.JobName] {
			return fmt.Errorf("found multiple scrape configs with job name %q", sc.JobName)
		}
		jobs[sc.JobName] = true
		if err := sc.HTTPClientConfig.Validate(); err != nil {
			return fmt.Errorf("job %q: %w", sc.JobName, err)
		}
		interval, timeout := sc.ScrapeInterval, sc.ScrapeTimeout
		if interval == 0 {
			interval = f.Global.ScrapeInterval
		}
		if timeout == 0 {
			timeout = min(f.Global.ScrapeTimeout, interval)
		}
		if timeout > interval {
			return fmt.Errorf("scrape timeout greater than scrape interval for scrape config with job name %q", sc.JobName)
		}
		if sc.MetricsPath != "" && !strings.HasPrefix(sc.MetricsPath, "/") {
			return fmt.Errorf("job %q: metrics_path %q does not start with /", sc.JobName, sc.MetricsPath)
		}
		if sc.Scheme != "" && sc.Scheme != "http" && sc.Scheme != "https" {
			return fmt.Errorf("job %q: scheme %q is neither http nor https", sc.JobName, sc.Scheme)
		}
		for _, rc := range append(append([]*relabel.Config{}, sc.RelabelConfigs...), sc.MetricRelabelConfigs...) {
			if rc == nil {
				return errors.New("empty or null target relabeling rule in scrape config")
			}
			if err := rc.Validate(model.UTF8Validation); err != nil {
				return fmt.Errorf("job %q: %w", sc.JobName, err)
			}
		}
		for _, sd := range sc.KubernetesSDConfigs {
			if sd == nil || sd.Role == "" {
				return errors.New("role missing (one of: pod, service, endpoints, endpointslice, node, ingress)")
			}
			if !roles[sd.Role] {
				return fmt.Errorf("unknown Kubernetes SD role %q", sd.Role)
			}
			if err := sd.HTTPClientConfig.Validate(); err != nil {
				return err
			}
			if sd.APIServer.URL != nil && sd.KubeConfig != "" {
				return errors.New("cannot use 'kubeconfig_file' and 'api_server' simultaneously")
			}
			for _, s := range sd.Selectors {
				if !roles[s.Role] {
					return fmt.Errorf("unknown Kubernetes SD role %q in selectors", s.Role)
				}
			}
		}
		for _, st := range sc.StaticConfigs {
			for _, t := range st.Targets {
				if t == "" || strings.Contains(t, "/") {
					return fmt.Errorf("%q is not a valid hostname", t)
				}
			}
		}
	}
	return nil
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var texts []string
	if err := json.Unmarshal(data, &texts); err != nil {
		fmt.Fprintln(os.Stderr, "expected a JSON array of strings:", err)
		os.Exit(2)
	}
	out := make([]string, len(texts))
	for i, text := range texts {
		if err := check(text); err != nil {
			out[i] = err.Error()
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(2)
	}
}
