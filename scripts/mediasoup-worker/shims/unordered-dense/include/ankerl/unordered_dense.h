// Minimal stand-in for ankerl::unordered_dense (not packaged in Debian):
// maps the names mediasoup uses onto the standard unordered containers.
#ifndef ANKERL_UNORDERED_DENSE_STD_SHIM_H
#define ANKERL_UNORDERED_DENSE_STD_SHIM_H
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>
namespace ankerl
{
	namespace unordered_dense
	{
		template<class T, class Enable = void>
		struct hash : std::hash<T>
		{
		};
		template<
		  class Key,
		  class T,
		  class Hash      = hash<Key>,
		  class KeyEqual  = std::equal_to<Key>,
		  class Allocator = std::allocator<std::pair<const Key, T>>>
		using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;
		template<class Key, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>, class Allocator = std::allocator<Key>>
		using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
	} // namespace unordered_dense
} // namespace ankerl
#endif
