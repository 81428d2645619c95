"""Debian's Python SDK (azure-identity 1.13.0b2, azure-mgmt-network 23.0.0b1) builds an internal load balancer.

Signs in for real with the client-credentials grant, then creates a VNet with a subnet, a Standard load balancer
with an internal frontend on that subnet, a pool, a probe and a rule, and a NIC whose ip configuration joins the
pool. It reads the pool back, re-PUTs the whole load balancer from its own GET (as a tag update does), deletes the
NIC, and prints one JSON summary on stdout for PythonNetworkTest to assert on. Every request's method and URL is
recorded too, so the test can see the api-version the SDK really sent.

Parameters come from the environment (fulcrum_env).
"""
import json
import sys

from azure.core.pipeline.policies import SansIOHTTPPolicy
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.resource import ResourceManagementClient

from fulcrum_env import BASE, CA, GROUP, SUB, credential as sign_in

LOCATION = "eastus"


class Recorder(SansIOHTTPPolicy):
    def __init__(self):
        self.requests = []

    def on_request(self, request):
        self.requests.append(request.http_request.method + " " + request.http_request.url)


def main():
    credential = sign_in()
    recorder = Recorder()
    kw = dict(base_url=BASE, credential_scopes=[BASE + "/.default"], connection_verify=CA,
              per_call_policies=[recorder])
    ResourceManagementClient(credential, SUB, **kw).resource_groups.create_or_update(GROUP, {"location": LOCATION})
    net = NetworkManagementClient(credential, SUB, **kw)
    summary = {}

    vnet = net.virtual_networks.begin_create_or_update(GROUP, "vnet", {
        "location": LOCATION,
        "address_space": {"address_prefixes": ["10.50.0.0/16"]},
        "subnets": [{"name": "backend", "address_prefix": "10.50.1.0/24"}],
    }).result()
    subnet_id = vnet.subnets[0].id

    lb_id = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/loadBalancers/ilb" % (SUB, GROUP)
    lb = net.load_balancers.begin_create_or_update(GROUP, "ilb", {
        "location": LOCATION,
        "sku": {"name": "Standard"},
        "frontend_ip_configurations": [{"name": "fe", "subnet": {"id": subnet_id},
                                        "private_ip_allocation_method": "Dynamic"}],
        "backend_address_pools": [{"name": "pool"}],
        "probes": [{"name": "tcp80", "protocol": "Tcp", "port": 80}],
        "load_balancing_rules": [{
            "name": "http", "protocol": "Tcp", "frontend_port": 80, "backend_port": 80,
            "frontend_ip_configuration": {"id": lb_id + "/frontendIPConfigurations/fe"},
            "backend_address_pool": {"id": lb_id + "/backendAddressPools/pool"},
            "probe": {"id": lb_id + "/probes/tcp80"},
        }],
    }).result()
    summary["frontendAddress"] = lb.frontend_ip_configurations[0].private_ip_address

    nic = net.network_interfaces.begin_create_or_update(GROUP, "nic1", {
        "location": LOCATION,
        "ip_configurations": [{"name": "ipconfig1", "subnet": {"id": subnet_id},
                               "load_balancer_backend_address_pools": [{"id": lb_id + "/backendAddressPools/pool"}]}],
    }).result()
    summary["nicIpConfiguration"] = nic.ip_configurations[0].id
    summary["nicAddress"] = nic.ip_configurations[0].private_ip_address

    summary["pool"] = net.load_balancer_backend_address_pools.get(GROUP, "ilb", "pool").as_dict()
    summary["lbNics"] = sorted(n.name for n in net.load_balancer_network_interfaces.list(GROUP, "ilb"))

    # GET-modify-PUT of the whole load balancer: the pool goes back with its NIC entries, read-only members dropped.
    current = net.load_balancers.get(GROUP, "ilb")
    current.tags = {"by": "python"}
    updated = net.load_balancers.begin_create_or_update(GROUP, "ilb", current).result()
    summary["updatedTags"] = updated.tags
    summary["poolAfterUpdate"] = updated.backend_address_pools[0].as_dict()

    net.network_interfaces.begin_delete(GROUP, "nic1").result()
    summary["poolAfterNicDelete"] = net.load_balancer_backend_address_pools.get(GROUP, "ilb", "pool").as_dict()
    summary["requests"] = recorder.requests

    json.dump(summary, sys.stdout, indent=2, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
