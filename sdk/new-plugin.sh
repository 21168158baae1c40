#!/usr/bin/env bash
# Generates a DevRig plugin project from the template (sdk/devrig-plugin-template/src/template).
#
#   sdk/new-plugin.sh <folder> <plugin-id> [groupId]
#
# plugin-id: the Bundle-SymbolicName and Java package, e.g. com.example.tickets; its last
# segment prefixes the capability ids (tickets.tickets, tickets.close). groupId defaults to the
# plugin id without its last segment. The folder must not exist yet. Then: cd <folder> && mvn verify
# (needs DevRig's artifacts in the local Maven repository: `mvn install` in DevRig puts them there).
set -euo pipefail

usage() { echo "usage: $0 <folder> <plugin-id, e.g. com.example.tickets> [groupId]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
folder=$1
id=$2
if ! [[ $id =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$ ]]; then
  echo "plugin id '$id': lower-case Java package segments separated by dots, at least two (com.example.tickets)" >&2
  exit 2
fi
group=${3:-${id%.*}}
prefix=${id##*.}
here=$(cd "$(dirname "$0")" && pwd)
template=$here/devrig-plugin-template/src/template
# DevRig's version: the one of the plugin parent next to this script
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$here/devrig-plugin-parent/pom.xml" | head -n 1)
[ -n "$version" ] || { echo "cannot read DevRig's version from $here/devrig-plugin-parent/pom.xml" >&2; exit 1; }
if [ -e "$folder" ]; then
  echo "$folder exists; give a new folder" >&2
  exit 2
fi

mkdir -p "$folder"
cp -R "$template/." "$folder/"
package_path=${id//.//}
for root in "$folder/src/main/java" "$folder/src/test/java"; do
  mkdir -p "$root/$package_path"
  mv "$root/__PACKAGE_PATH__"/* "$root/$package_path/"
  rmdir "$root/__PACKAGE_PATH__"
done
for f in "$folder"/src/main/resources/OSGI-INF/devrig/__PREFIX__.*; do
  mv "$f" "${f/__PREFIX__/$prefix}"
done
find "$folder" -type f -print0 | xargs -0 sed -i \
  -e "s|__PLUGIN_ID__|$id|g" -e "s|__GROUP_ID__|$group|g" -e "s|__PACKAGE__|$id|g" \
  -e "s|__PREFIX__|$prefix|g" -e "s|__DEVRIG_VERSION__|$version|g"
echo "DevRig plugin $id (DevRig $version) in $folder: cd $folder && mvn verify"
