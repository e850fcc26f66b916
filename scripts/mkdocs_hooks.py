"""MkDocs hook of the docs site: links from docs/ to files of the repository outside docs/ (examples,
CONTRIBUTING.md, bench results, …) work on GitHub as relative links; on the site they become links to the
file on GitHub. A link to a repository file that does not exist is an error (the build fails)."""

import os
import re

from mkdocs.exceptions import PluginError

LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+)\)")


def on_page_markdown(markdown, page, config, files):
    docs_dir = os.path.realpath(config["docs_dir"])
    repo = os.path.dirname(docs_dir)
    page_dir = os.path.dirname(os.path.join(docs_dir, page.file.src_path))
    base = config["repo_url"].rstrip("/") + "/blob/main/"

    def rewrite(match):
        target = match.group(1)
        path, _, fragment = target.partition("#")
        full = os.path.realpath(os.path.join(page_dir, path))
        if full == docs_dir or full.startswith(docs_dir + os.sep):
            return match.group(0)  # a page of the site: MkDocs checks it and its anchor
        if not full.startswith(repo + os.sep):
            raise PluginError(f"{page.file.src_path}: {target} points outside the repository")
        if not os.path.exists(full):
            raise PluginError(f"{page.file.src_path}: {target} does not exist in the repository")
        kind = "tree" if os.path.isdir(full) else "blob"
        url = base.replace("/blob/", f"/{kind}/") + os.path.relpath(full, repo).replace(os.sep, "/")
        return "](" + url + ("#" + fragment if fragment else "") + ")"

    return LINK.sub(rewrite, markdown)
