#include "audit/cli/options.h"

namespace audit::cli::options {

namespace {
Poco::Util::Option valued(const std::string& name, const std::string& arg, const std::string& help,
                          bool repeatable = false) {
    return Poco::Util::Option(name, "", help).required(false).repeatable(repeatable).argument(arg, true);
}
}  // namespace

Poco::Util::Option period(const std::string& help, const std::string& arg) { return valued("period", arg, help); }
Poco::Util::Option seed(const std::string& help) { return valued("seed", "S", help); }
Poco::Util::Option out(const std::string& arg, const std::string& help) { return valued("out", arg, help); }
Poco::Util::Option asOf(const std::string& help) { return valued("as-of", "DATE", help); }
Poco::Util::Option framework(const std::string& help) { return valued("framework", "ID", help); }
Poco::Util::Option map(const std::string& help) { return valued("map", "NAME", help); }
Poco::Util::Option from(const std::string& arg, const std::string& help) { return valued("from", arg, help); }
Poco::Util::Option oversample(const std::string& arg, const std::string& help) {
    return valued("oversample", arg, help, true);
}

}  // namespace audit::cli::options
