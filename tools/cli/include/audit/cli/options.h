// The options that several tools declare: one declaration each, so that the name, the argument's name and the
// form of the option are the same everywhere. Each tool gives the help line (what the option means for it).
#pragma once
#include <Poco/Util/Option.h>

#include <string>

namespace audit::cli::options {

Poco::Util::Option period(const std::string& help, const std::string& arg = "P");  // --period P
Poco::Util::Option seed(const std::string& help);                                   // --seed S
Poco::Util::Option out(const std::string& arg, const std::string& help);           // --out FILE|DIR|PATH
Poco::Util::Option asOf(const std::string& help);                                  // --as-of DATE
Poco::Util::Option framework(const std::string& help);                             // --framework ID
Poco::Util::Option map(const std::string& help);                                   // --map NAME (a column map)
Poco::Util::Option from(const std::string& arg, const std::string& help);          // --from P|YYYY-MM
Poco::Util::Option oversample(const std::string& arg, const std::string& help);    // --oversample X=FACTOR, repeatable

}  // namespace audit::cli::options
