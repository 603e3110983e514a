#pragma once
// std::visit with one lambda per alternative: Overloaded{[](A&) {...}, [](B&) {...}}.

namespace runtime {

template <typename... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};
template <typename... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;

}  // namespace runtime
