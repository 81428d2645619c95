package io.fulcrum.arm.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mints and checks the RS256 access tokens Fulcrum's sign-in endpoints hand out. A token names its principal
 * ({@code appid}/{@code oid}), the tenant and the audience it was asked for; ARM calls accept only tokens whose
 * audience is this server.
 */
public final class TokenService {

    public static final Duration LIFETIME = Duration.ofHours(1);

    private final RSAKey key;
    private final String tenantId;
    private final Clock clock;
    private final RSASSAVerifier verifier;
    private final RSASSASigner signer;

    public TokenService(RSAKey key, String tenantId, Clock clock) {
        this.key = key;
        this.tenantId = tenantId;
        this.clock = clock;
        try {
            this.verifier = new RSASSAVerifier(key.toRSAPublicKey());
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key: " + e.getMessage(), e);
        }
    }

    /** The JWKS document (public part only) for the discovery {@code jwks_uri}. */
    public Map<String, Object> publicJwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    public String mint(String clientId, String audience, String issuerBase, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(issuerBase + "/" + tenantId + "/")
                .subject(clientId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", tenantId)
                .claim("oid", clientId)
                .claim("appid", clientId)
                .claim("idtyp", "app")
                .claim("ver", "1.0")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /**
     * Checks signature, tenant, lifetime and audience, in that order, and answers with ARM's own codes.
     *
     * @param audiences accepted audiences, case-folded and without trailing slashes
     */
    public Caller verify(String token, Set<String> audiences) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The access token is invalid: it is not a signed JWT.");
        }
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw invalid("The access token has an invalid signature.");
            }
        } catch (JOSEException e) {
            throw invalid("The access token has an invalid signature.");
        }
        Object tid = claims.getClaim("tid");
        if (!tenantId.equals(tid)) {
            throw new ArmException(ErrorCode.INVALID_AUTHENTICATION_TOKEN_TENANT,
                    "The access token is from the wrong issuer: tenant '" + tid + "'. It must match the tenant '"
                            + tenantId + "' associated with this subscription.");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("The access token has no expiry time.");
        }
        if (!exp.toInstant().isAfter(now)) {
            throw new ArmException(ErrorCode.EXPIRED_AUTHENTICATION_TOKEN, "The access token expiry UTC time '"
                    + exp.toInstant() + "' is earlier than current UTC time '" + now + "'.");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now)) {
            throw invalid("The access token is not valid before '" + nbf.toInstant() + "'.");
        }
        boolean audienceOk = claims.getAudience().stream().anyMatch(a -> audiences.contains(normalizeAudience(a)));
        if (!audienceOk) {
            throw new ArmException(ErrorCode.INVALID_AUTHENTICATION_TOKEN_AUDIENCE,
                    "The access token has been obtained for wrong audience or resource '"
                            + String.join(",", claims.getAudience()) + "'. It should exactly match with one of the"
                            + " allowed audiences " + audiences + ".");
        }
        String appId = String.valueOf(claims.getClaim("appid"));
        return new Caller(appId, String.valueOf(claims.getClaim("oid")), exp.toInstant());
    }

    /** "https://127.0.0.1:8443//" and "HTTPS://127.0.0.1:8443" name the same audience. */
    public static String normalizeAudience(String audience) {
        String a = audience.strip().toLowerCase(Locale.ROOT);
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    private static ArmException invalid(String message) {
        return new ArmException(ErrorCode.INVALID_AUTHENTICATION_TOKEN, message);
    }

    public String tenantId() {
        return tenantId;
    }
}
