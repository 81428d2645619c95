package io.fulcrum.management;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $filter} forms ARM list calls take: {@code field eq 'value'} clauses joined by {@code and}, e.g.
 * {@code resourceGroup eq 'rg' and name eq 'vnet' and resourceType eq 'Microsoft.Network/virtualNetworks'}
 * (clients.md section 5). Quotes inside values are doubled, OData-style.
 */
public final class Filter {

    private static final Pattern CLAUSE = Pattern.compile("\\s*(\\w+)\\s+eq\\s+'((?:[^']|'')*)'\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("\\s+and\\s+(?=(?:[^']*'[^']*')*[^']*$)",
            Pattern.CASE_INSENSITIVE);

    private Filter() {
    }

    /** Field (lower case) to value; empty when there is no filter. */
    public static Map<String, String> parse(String filter, Set<String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        if (filter == null || filter.isBlank()) {
            return out;
        }
        for (String clause : AND.split(filter.strip())) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw invalid(filter, "the clause '" + clause.strip() + "' is not of the form <field> eq '<value>'",
                        fields);
            }
            String field = m.group(1).toLowerCase(Locale.ROOT);
            if (!fields.contains(field)) {
                throw invalid(filter, "the field '" + m.group(1) + "' cannot be filtered on", fields);
            }
            out.put(field, m.group(2).replace("''", "'"));
        }
        return out;
    }

    private static ArmException invalid(String filter, String why, Set<String> fields) {
        return new ArmException(ErrorCode.INVALID_FILTER, "Invalid $filter '" + filter + "': " + why
                + ". Supported: " + String.join(", ", fields) + " with 'eq', joined by 'and'.", "$filter");
    }
}
