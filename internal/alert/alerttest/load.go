package alerttest

import (
	"bytes"
	"fmt"

	"github.com/vigil-health/vigil/internal/alert"
)

// hosts name machines: the first three are servers on the demo care map, as
// are some of the numbered ward PCs, lab PCs and printers, so part of a load
// correlates with assets and part does not.
var hosts = []string{"epr-app-01", "dc-01", "tie-01", "wks-ward-%d", "lab-pc-%d", "prt-%d"}

// Batch is size alerts as NDJSON in format f (Wazuh when f is empty), the
// alerts numbered first to first+size-1 of the load named run: each run,
// format and number gives its own id, so none is a duplicate unless the same
// alert is sent twice. The records
// look like a brute-force wave seen by a trust's tools: mostly the same
// rule, from many hosts.
func Batch(f alert.Format, run string, first, size int) []byte {
	var b bytes.Buffer
	n := first / max(size, 1)
	for j := range size {
		host := hosts[j%len(hosts)]
		if bytes.Contains([]byte(host), []byte("%d")) {
			host = fmt.Sprintf(host, j%97)
		}
		id, minute, second, level := first+j, j%60, (n+j)%60, 3+j%12
		switch f {
		case alert.ECS:
			fmt.Fprintf(&b, `{"@timestamp":"2026-11-29T21:%02d:%02d.123Z","event":{"kind":"alert","id":"%s-ecs-%d","severity":%d,"category":["authentication"]},"rule":{"id":"5716","name":"sshd: authentication failed"},"host":{"name":"%s","ip":["10.20.%d.%d"]},"source":{"ip":"198.51.100.%d"},"user":{"name":"admin"},"threat":{"technique":{"id":["T1110"]}},"observer":{"product":"Wazuh"},"message":"sshd: authentication failed"}`+"\n",
				minute, second, run, id, (j%12)*8, host, j%250, n%250, j%250)
		case alert.OCSF:
			fmt.Fprintf(&b, `{"class_uid":2004,"activity_id":1,"severity_id":%d,"time":%d,"message":"sshd: authentication failed","metadata":{"uid":"%s-ocsf-%d","product":{"name":"Wazuh","vendor_name":"Wazuh"}},"finding_info":{"uid":"%s-ocsf-%d","title":"sshd: authentication failed","analytic":{"uid":"5716","name":"sshd: authentication failed"},"attacks":[{"technique":{"uid":"T1110"}}]},"device":{"hostname":"%s","ip":"10.20.%d.%d"},"src_endpoint":{"ip":"198.51.100.%d"}}`+"\n",
				1+j%5, 1764450000000+int64(id), run, id, run, id, host, j%250, n%250, j%250)
		case alert.Generic:
			fmt.Fprintf(&b, `{"id":"%s-generic-%d","time":"2026-11-29T21:%02d:%02dZ","severity":"%s","title":"sshd: authentication failed","tool":"Wazuh","rule":{"id":"5716","name":"sshd: authentication failed"},"techniques":["T1110"],"hostnames":["%s"],"ips":["198.51.100.%d"],"users":["admin"]}`+"\n",
				run, id, minute, second, []string{"low", "medium", "high", "critical", "info"}[j%5], host, j%250)
		default:
			fmt.Fprintf(&b, `{"timestamp":"2026-11-29T21:%02d:%02d.123+0000","rule":{"level":%d,"description":"sshd: authentication failed","id":"5716","groups":["syslog","sshd","authentication_failed"],"mitre":{"id":["T1110"]}},"agent":{"id":"%03d","name":"%s","ip":"10.20.%d.%d"},"manager":{"name":"wazuh-01"},"id":"%s.%d","decoder":{"name":"sshd"},"data":{"srcip":"198.51.100.%d","srcuser":"admin"},"location":"/var/log/secure"}`+"\n",
				minute, second, level, j%500, host, j%250, n%250, run, id, j%250)
		}
	}
	return b.Bytes()
}
