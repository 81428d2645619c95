"""The server a test script talks to and the principal it signs in as, from the environment testkit.PythonSdk sets.

FULCRUM_URL (no trailing slash), FULCRUM_CA, FULCRUM_TENANT, FULCRUM_CLIENT_ID, FULCRUM_CLIENT_SECRET,
FULCRUM_SUBSCRIPTION and FULCRUM_GROUP. The CA is passed to each client (connection_verify), as a user would: the
environment holds no CA bundle.
"""
import os

from azure.identity import ClientSecretCredential

BASE = os.environ["FULCRUM_URL"]
CA = os.environ["FULCRUM_CA"]
TENANT = os.environ["FULCRUM_TENANT"]
CLIENT_ID = os.environ["FULCRUM_CLIENT_ID"]
SECRET = os.environ["FULCRUM_CLIENT_SECRET"]
SUB = os.environ["FULCRUM_SUBSCRIPTION"]
GROUP = os.environ["FULCRUM_GROUP"]


def credential(secret=SECRET):
    # 1.13.0b2 spells the switch instance_discovery=False; without it MSAL asks login.microsoftonline.com.
    return ClientSecretCredential(TENANT, CLIENT_ID, secret, authority=BASE, instance_discovery=False,
                                  connection_verify=CA)
