"""Debian's Python SDK (azure-identity 1.13.0b2, azure-mgmt-resource 22.0.0) against a Fulcrum server.

Signs in for real with the client-credentials grant, then creates, reads, lists, tags and deletes a resource
group, and prints one JSON summary on stdout for PythonSdkTest to assert on. Parameters come from the
environment (fulcrum_env; FULCRUM_GROUP is created and deleted) and FULCRUM_KEPT_GROUP (created and left in place,
so the test can read back what the SDK stored).
"""
import json
import os
import sys

from azure.core.exceptions import ClientAuthenticationError, ResourceNotFoundError
from azure.mgmt.resource import ResourceManagementClient

from fulcrum_env import BASE, CA, GROUP, SECRET, SUB, credential

KEPT = os.environ["FULCRUM_KEPT_GROUP"]


def main():
    summary = {}
    try:
        credential("not-the-secret").get_token(BASE + "/.default")
        summary["wrongSecretError"] = None
    except ClientAuthenticationError as e:
        summary["wrongSecretError"] = str(e)

    client = ResourceManagementClient(credential(SECRET), SUB, base_url=BASE, credential_scopes=[BASE + "/.default"],
                                      connection_verify=CA)
    groups = client.resource_groups

    created = groups.create_or_update(GROUP, {"location": "East US", "tags": {"team": "py"}})
    summary["created"] = created.as_dict()
    summary["existsAfterCreate"] = groups.check_existence(GROUP)
    summary["got"] = groups.get(GROUP).as_dict()
    groups.create_or_update(KEPT, {"location": "westus", "tags": {"by": "python"}})
    summary["listed"] = sorted(g.name for g in groups.list())
    summary["listedByTag"] = sorted(g.name for g in groups.list(filter="tagName eq 'team' and tagValue eq 'py'"))
    summary["patched"] = groups.update(GROUP, {"tags": {"k": "v"}}).as_dict()
    summary["resources"] = [r.as_dict() for r in client.resources.list_by_resource_group(GROUP)]

    groups.begin_delete(GROUP).result()
    summary["existsAfterDelete"] = groups.check_existence(GROUP)
    try:
        groups.get(GROUP)
        summary["getAfterDelete"] = None
    except ResourceNotFoundError as e:
        summary["getAfterDelete"] = e.error.code if e.error else str(e)

    json.dump(summary, sys.stdout, indent=2, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
