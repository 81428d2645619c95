package io.fulcrum.arm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The regions Fulcrum offers. They are names only (every region is served by this one process), kept so that
 * location validation, normalization ("East US" becomes "eastus", as ARM stores it) and the locations list behave
 * as in Azure.
 */
public final class Locations {

    public record Location(String name, String displayName, String geography, String latitude, String longitude) {
    }

    public static final List<Location> ALL = List.of(
            new Location("eastus", "East US", "US", "37.3719", "-79.8164"),
            new Location("eastus2", "East US 2", "US", "36.6681", "-78.3889"),
            new Location("westus", "West US", "US", "37.783", "-122.417"),
            new Location("westus2", "West US 2", "US", "47.233", "-119.852"),
            new Location("westus3", "West US 3", "US", "33.448376", "-112.074036"),
            new Location("centralus", "Central US", "US", "41.5908", "-93.6208"),
            new Location("northcentralus", "North Central US", "US", "41.8819", "-87.6278"),
            new Location("southcentralus", "South Central US", "US", "29.4167", "-98.5"),
            new Location("westcentralus", "West Central US", "US", "40.89", "-110.234"),
            new Location("canadacentral", "Canada Central", "Canada", "43.653", "-79.383"),
            new Location("northeurope", "North Europe", "Europe", "53.3478", "-6.2597"),
            new Location("westeurope", "West Europe", "Europe", "52.3667", "4.9"),
            new Location("uksouth", "UK South", "UK", "50.941", "-0.799"),
            new Location("francecentral", "France Central", "France", "46.3772", "2.373"),
            new Location("germanywestcentral", "Germany West Central", "Germany", "50.110924", "8.682127"),
            new Location("swedencentral", "Sweden Central", "Sweden", "60.67488", "17.14127"),
            new Location("eastasia", "East Asia", "Asia Pacific", "22.267", "114.188"),
            new Location("southeastasia", "Southeast Asia", "Asia Pacific", "1.283", "103.833"),
            new Location("japaneast", "Japan East", "Japan", "35.68", "139.77"),
            new Location("australiaeast", "Australia East", "Australia", "-33.86", "151.2094"),
            new Location("centralindia", "Central India", "India", "18.5822", "73.9197"),
            new Location("brazilsouth", "Brazil South", "Brazil", "-23.55", "-46.633"));

    private Locations() {
    }

    /** The canonical name for a location as a client spelled it ("East US", "eastus", "EASTUS"), if known. */
    public static Optional<String> normalize(String location) {
        if (location == null) {
            return Optional.empty();
        }
        String folded = location.replace(" ", "").toLowerCase(Locale.ROOT);
        return ALL.stream().map(Location::name).filter(folded::equals).findFirst();
    }

    public static String names() {
        return String.join(",", ALL.stream().map(Location::name).toList());
    }
}
