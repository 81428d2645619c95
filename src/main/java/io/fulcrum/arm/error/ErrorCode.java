package io.fulcrum.arm.error;

/**
 * The closed set of ARM error codes Fulcrum answers with, each with its HTTP status. The codes are Azure's own
 * (seen in real ARM answers); a handler picks one and writes a message that names the field, the value and what
 * was expected.
 */
public enum ErrorCode {
    // 400: the request itself is wrong
    BAD_REQUEST(400, "BadRequest"),
    MISSING_API_VERSION(400, "MissingApiVersionParameter"),
    INVALID_API_VERSION(400, "InvalidApiVersionParameter"),
    NO_REGISTERED_PROVIDER(400, "NoRegisteredProviderFound"),
    INVALID_RESOURCE_NAMESPACE(400, "InvalidResourceNamespace"),
    INVALID_RESOURCE_TYPE(400, "InvalidResourceType"),
    INVALID_REQUEST_CONTENT(400, "InvalidRequestContent"),
    INVALID_REQUEST_FORMAT(400, "InvalidRequestFormat"),
    INVALID_SUBSCRIPTION_ID(400, "InvalidSubscriptionId"),
    INVALID_RESOURCE_GROUP(400, "InvalidResourceGroup"),
    INVALID_RESOURCE_NAME(400, "InvalidResourceName"),
    LOCATION_REQUIRED(400, "LocationRequired"),
    LOCATION_NOT_AVAILABLE_FOR_RESOURCE_GROUP(400, "LocationNotAvailableForResourceGroup"),
    LOCATION_NOT_AVAILABLE_FOR_RESOURCE_TYPE(400, "LocationNotAvailableForResourceType"),
    INVALID_RESOURCE_GROUP_LOCATION(409, "InvalidResourceGroupLocation"),
    INVALID_RESOURCE_LOCATION(409, "InvalidResourceLocation"),
    INVALID_TAG_NAME(400, "InvalidTagNameCharacters"),
    TAG_LIMIT_EXCEEDED(400, "InvalidTagCountLimit"),
    TAG_TOO_LONG(400, "InvalidTagNameLength"),
    TAG_VALUE_TOO_LONG(400, "InvalidTagValueLength"),
    INVALID_QUERY_PARAMETER(400, "InvalidQueryParameterValue"),
    INVALID_FILTER(400, "InvalidFilterInQueryString"),
    INVALID_SKIP_TOKEN(400, "InvalidSkipToken"),
    // Microsoft.Network address rules
    INVALID_ADDRESS_PREFIX(400, "InvalidAddressPrefix"),
    ADDRESS_SPACES_OVERLAP(400, "NetcfgAddressSpacesOverlap"),
    SUBNET_OUTSIDE_VNET(400, "NetcfgSubnetRangeOutsideVnet"),
    SUBNETS_OVERLAP(400, "NetcfgSubnetRangesOverlap"),
    SUBNET_IN_USE(400, "InUseSubnetCannotBeDeleted"),
    PRIVATE_IP_NOT_IN_SUBNET(400, "PrivateIPAddressNotInSubnet"),
    PRIVATE_IP_IN_USE(400, "PrivateIPAddressInUse"),
    PRIVATE_IP_RESERVED(400, "PrivateIPAddressIsReserved"),
    SUBNET_FULL(400, "SubnetIsFull"),
    INVALID_PRIVATE_IP(400, "PrivateIPAddressInvalid"),
    PRIVATE_IP_MISSING(400, "PrivateIPAddressMissing"),
    // Fulcrum's choice: no public source shows Azure's code for a dynamic address of a version the subnet lacks.
    SUBNET_HAS_NO_PREFIX_FOR_VERSION(400, "SubnetHasNoAddressPrefixForIPVersion"),
    // Microsoft.Network interface rules
    SUBNET_REQUIRED(400, "SubnetIsRequired"),
    NIC_WITHOUT_IP_CONFIGURATION(400, "NetworkInterfaceMustHaveIpConfigurationOrAttachedElasticNetworkInterface"),
    // Azure's own spelling (azure-sdk-for-go issue #259), used for no primary and for several primaries alike.
    NIC_PRIMARY_IP_CONFIGURATION(400, "NetworkInterfaceMustHaveOneOneIPConfigAsPrimary"),
    // Fulcrum's choice: Azure's code for ip configurations of one NIC in two virtual networks is not public.
    NIC_IP_CONFIGURATIONS_IN_DIFFERENT_VNETS(400, "IpConfigurationsOfNicInDifferentVirtualNetworks"),
    NIC_LOAD_BALANCERS_OF_SAME_TYPE(400, "NetworkInterfaceUsesMultipleLoadBalancersOfSameType"),
    NIC_IN_USE(400, "NicInUse"),
    // Microsoft.Network public IP addresses
    STANDARD_SKU_PIP_MUST_BE_STATIC(400, "StandardSkuPublicIPAddressesMustBeStatic"),
    INVALID_DOMAIN_NAME_LABEL(400, "InvalidDomainNameLabel"),
    DNS_RECORD_IN_USE(400, "DnsRecordInUse"),
    /** Code not seen in public sources (only the message is); named after the "X has invalid Y" family below. */
    PIP_INVALID_IDLE_TIMEOUT(400, "PublicIPAddressInvalidIdleTimeout"),
    PIP_COUNT_LIMIT_REACHED(400, "PublicIPCountLimitReached"),
    PIP_IN_USE(400, "PublicIPAddressCannotBeDeleted"),
    ZONES_CANNOT_BE_MODIFIED(400, "ResourceAvailabilityZonesCannotBeModified"),
    // Microsoft.Network security groups and their rules
    NSG_IN_USE(400, "InUseNetworkSecurityGroupCannotBeDeleted"),
    SECURITY_RULE_CONFLICT(400, "SecurityRuleConflict"),
    SECURITY_RULE_INVALID_PRIORITY(400, "SecurityRuleInvalidPriority"),
    SECURITY_RULE_INVALID_PORT_RANGE(400, "SecurityRuleInvalidPortRange"),
    SECURITY_RULE_INVALID_ADDRESS_PREFIX(400, "SecurityRuleInvalidAddressPrefix"),
    SECURITY_RULE_PARAMETER_MISSING(400, "SecurityRuleParameterMissing"),
    SECURITY_RULE_PARAMETERS_MISSING(400, "SecurityRuleParametersMissing"),
    SECURITY_RULE_UNSUPPORTED_VALUE(400, "SecurityRuleParameterContainsUnsupportedValue"),
    // Microsoft.Network load balancer rules
    LB_WITHOUT_FRONTEND(400, "LoadBalancerWithoutFrontendIPCantHaveChildResources"),
    LB_AND_PUBLIC_IP_SKUS_DIFFER(400, "DifferentSkuLoadBalancersAndPublicIPAddressNotAllowed"),
    POOL_MIXES_ADDRESSES_AND_NICS(400, "CannotMixIPBasedAddressesAndIPConfigurationsOnLoadBalancerBackendAddressPool"),
    RULES_SHARE_BACKEND_PORT(400, "RulesUseSameBackendPortProtocolAndPool"),
    RULES_SHARE_FRONTEND_PORT(400, "RulesUseSameFrontendPortProtocolAndFrontendIPConfiguration"),
    OUTBOUND_RULES_SHARE_FRONTEND(400,
            "MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported"),
    RULE_MUST_DISABLE_SNAT(400,
            "LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule"),
    OUTBOUND_RULE_SKU(400, "OutboundRuleCannotBeUsedWithLoadBalancerSku"),
    PROBE_REQUEST_PATH_NOT_NULL(400, "ProbeRequestPathIsNotNull"),
    POOL_IN_USE(400, "InUseBackendAddressPoolCannotBeDeleted"),
    INBOUND_NAT_RULE_IN_USE(400, "InUseInboundNatRuleCannotBeDeleted"),
    LB_IN_USE_BY_SCALE_SET(400, "LoadBalancerInUseByVirtualMachineScaleSet"),
    LB_FRONTEND_IN_USE_BY_GLOBAL_LB(400,
            "NotAllowedToDeleteLoadBalancerWithFrontendIpConfigurationInUseByGlobalLB"),
    // Template deployments (Microsoft.Resources/deployments)
    INVALID_TEMPLATE(400, "InvalidTemplate"),
    INVALID_TEMPLATE_DEPLOYMENT(400, "InvalidTemplateDeployment"),
    INVALID_DEPLOYMENT_NAME(400, "InvalidDeploymentName"),
    DEPLOYMENT_NAME_TOO_LONG(400, "DeploymentNameLengthLimitExceeded"),
    INVALID_CONTENT_LINK(400, "InvalidContentLink"),
    DEPLOYMENT_FAILED(400, "DeploymentFailed"),
    DEPLOYMENT_NOT_FOUND(404, "DeploymentNotFound"),
    DEPLOYMENT_OPERATION_NOT_FOUND(404, "DeploymentOperationNotFound"),
    // 401 / 403: who is asking
    AUTHENTICATION_FAILED(401, "AuthenticationFailed"),
    INVALID_AUTHENTICATION_TOKEN(401, "InvalidAuthenticationToken"),
    INVALID_AUTHENTICATION_TOKEN_AUDIENCE(401, "InvalidAuthenticationTokenAudience"),
    INVALID_AUTHENTICATION_TOKEN_TENANT(401, "InvalidAuthenticationTokenTenant"),
    EXPIRED_AUTHENTICATION_TOKEN(401, "ExpiredAuthenticationToken"),
    AUTHORIZATION_FAILED(403, "AuthorizationFailed"),
    LINKED_AUTHORIZATION_FAILED(403, "LinkedAuthorizationFailed"),
    // 404 / 405 / 409 / 412 / 413 / 414 / 415 / 431
    SUBSCRIPTION_NOT_FOUND(404, "SubscriptionNotFound"),
    RESOURCE_GROUP_NOT_FOUND(404, "ResourceGroupNotFound"),
    RESOURCE_NOT_FOUND(404, "ResourceNotFound"),
    OPERATION_NOT_FOUND(404, "OperationNotFound"),
    PATH_NOT_FOUND(404, "NotFound"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
    CONFLICT(409, "Conflict"),
    RESOURCE_IN_USE(400, "InUseResourceCannotBeDeleted"),
    INVALID_RESOURCE_REFERENCE(400, "InvalidResourceReference"),
    INVALID_REFERENCE_WRONG_TYPE(400, "InvalidJsonReferenceWrongType"),
    LINKED_INVALID_PROPERTY_ID(400, "LinkedInvalidPropertyId"),
    PRECONDITION_FAILED(412, "PreconditionFailed"),
    REQUEST_TOO_LARGE(413, "RequestContentTooLarge"),
    URI_TOO_LONG(414, "RequestUriTooLong"),
    REQUEST_HEADERS_TOO_LARGE(431, "RequestHeaderFieldsTooLarge"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType"),
    // 500: a bug in Fulcrum, never a client mistake
    INTERNAL_SERVER_ERROR(500, "InternalServerError");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
