"""Stock WordPress from Debian's packages, served by nginx and php-fpm from a temp dir.

Debian's `wordpress` (/usr/share/wordpress), its `php-fpm` with its own php.ini
(opcache on, as installed), Debian's nginx with a minimal fastcgi server block, and
the local MariaDB. Nothing under /etc changes: Debian's wp-config.php reads its
settings from /etc/wordpress/config-<host>.php, so the site runs from a copy of the
package's files with upstream's usual wp-config.php beside them instead. The code is
the package's, byte for byte; only that one file differs.
"""

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

WP_SOURCE = Path("/usr/share/wordpress")
NGINX = "/usr/sbin/nginx"
MARIADB = ["mariadb", "-h", "127.0.0.1", "-P", "3306", "-u", "root"]

WP_CONFIG = """<?php
define('DB_NAME', '{database}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_DEBUG', false);
// This machine reaches no internet, and a benchmark must not wait on one: update
// checks and the like are refused at once; loopback (wp-cron calling itself) is not.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);  // as Debian's own wp-config.php does
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""

# The set-up's own page loads must not spawn wp-cron (it takes a lock for a minute,
# and run_cron() would then find it taken): DISABLE_WP_CRON in those scripts only.
INSTALL_PHP = """<?php
define('WP_INSTALLING', true);
define('DISABLE_WP_CRON', true);
$_SERVER['HTTP_HOST'] = '{host}';
require '{root}/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
// The install mails its administrator: nobody to tell here.
function wp_new_blog_notification($title, $url, $user_id, $password) {{}}
wp_install('Steppe bench', 'admin', 'admin@example.com', true, '', '{password}');
update_option('siteurl', '{url}');
update_option('home', '{url}');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
echo get_option('template'), "\\n";
"""

# Taxonomies add their rewrite rules (/tag/...) at init only if pretty permalinks
# are on by then: so the rules are built by a second run, as saving the permalink
# settings in the admin would.
FLUSH_PHP = """<?php
define('DISABLE_WP_CRON', true);
$_SERVER['HTTP_HOST'] = '{host}';
require '{root}/wp-load.php';
flush_rewrite_rules(false);
"""

DUE_PHP = """<?php
define('DISABLE_WP_CRON', true);
$_SERVER['HTTP_HOST'] = '{host}';
require '{root}/wp-load.php';
$due = array_filter(array_keys(_get_cron_array()), fn($t) => $t <= time());
echo count($due), "\\n";
"""

FPM_CONF = """[global]
pid = {tmp}/php-fpm.pid
error_log = {tmp}/php-fpm.log
daemonize = no

[wordpress]
{user}listen = {tmp}/php-fpm.sock
listen.mode = 0666
pm = static
pm.max_children = {children}
"""

NGINX_CONF = """daemon off;
worker_processes auto;
{user}pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {cache_path}
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/wordpress;
        index index.php;
        location / {{
            try_files $uri $uri/ /index.php?$args;
        }}
        location ~ \\.php$ {{
            try_files $uri =404;
            include /etc/nginx/fastcgi.conf;
            fastcgi_pass unix:{tmp}/php-fpm.sock;
            # A loaded machine makes the slowest page slower than nginx's 60 s.
            fastcgi_read_timeout 600s;
            {cache}
        }}
    }}
}}
"""

# The usual WordPress recipe for nginx's page cache: anonymous GETs for ten
# minutes; signed-in users, commenters (their cookies) and form posts go through.
FASTCGI_CACHE_PATH = (
    "fastcgi_cache_path {tmp}/cache levels=1:2 keys_zone=wordpress:10m inactive=60m;"
)
FASTCGI_CACHE = """set $skip_cache 0;
            if ($request_method = POST) { set $skip_cache 1; }
            if ($http_cookie ~* "comment_author|wordpress_logged_in|wp-postpass") {
                set $skip_cache 1;
            }
            fastcgi_cache wordpress;
            fastcgi_cache_key "$scheme$request_method$host$request_uri";
            fastcgi_cache_valid 200 301 302 10m;
            fastcgi_cache_bypass $skip_cache;
            fastcgi_no_cache $skip_cache;
            add_header X-Cache $upstream_cache_status;"""


def php_fpm():
    found = sorted(glob.glob("/usr/sbin/php-fpm*"))
    return found[-1] if found else None


def missing():
    """What this machine lacks to run the baseline (empty: nothing)."""
    lacks = [
        name
        for name, there in [
            ("php-fpm", php_fpm()),
            ("php-mysql", glob.glob("/etc/php/*/fpm/conf.d/*mysqli.ini")),
            ("wordpress", (WP_SOURCE / "wp-settings.php").exists()),
            ("nginx", Path(NGINX).exists()),
            ("mariadb-client", shutil.which("mariadb")),
        ]
        if not there
    ]
    if shutil.which("mariadb"):
        ping = subprocess.run([*MARIADB, "-e", "SELECT 1"], capture_output=True)
        if ping.returncode:
            lacks.append("a MariaDB server on 127.0.0.1:3306 (root, no password)")
    return lacks


def mariadb(sql, database=None):
    """Run SQL through the mariadb client (statements may stream in as an iterable)."""
    args = [*MARIADB, *([database] if database else [])]
    with subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as client:
        for statement in [sql] if isinstance(sql, str) else sql:
            client.stdin.write(statement)
        client.stdin.close()
    if client.returncode:
        raise RuntimeError(f"mariadb exited with {client.returncode}")


def wait_for(port, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}")


class WordPress:
    """A fresh WordPress site: `install()`, load content, then `serve()` it.

    php-fpm runs `children` static children on a unix socket; nginx listens on
    127.0.0.1:port, with `cache=True` in front of them as a page cache.
    """

    def __init__(self, *, port, database="steppe_wordpress_bench", children=4):
        self.port, self.database, self.children = port, database, children
        self.url = f"http://127.0.0.1:{port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="steppe-wp-"))
        self.tmp.chmod(0o755)  # php-fpm's children and nginx's workers read it
        self.root = self.tmp / "wordpress"
        self.processes = []
        # As root, the children and workers run as www-data, as Debian runs them.
        self.as_root = os.geteuid() == 0

    def install(self):
        # Translations are 31 MB the English site never reads.
        shutil.copytree(WP_SOURCE, self.root, ignore=self._no_languages)
        (self.root / "wp-config.php").unlink()
        salts = "\n".join(
            f"define('{name}', '{secrets.token_hex(32)}');"
            for name in [
                "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
            ]
        )  # fmt: skip
        (self.root / "wp-config.php").write_text(
            WP_CONFIG.format(database=self.database, salts=salts)
        )
        mariadb(
            f"DROP DATABASE IF EXISTS {self.database};"
            f" CREATE DATABASE {self.database} CHARACTER SET utf8mb4;"
        )
        host, password = f"127.0.0.1:{self.port}", secrets.token_urlsafe(16)
        theme = self._php(INSTALL_PHP, host=host, url=self.url, password=password)
        self._php(FLUSH_PHP, host=host)
        return theme.strip()  # the theme wp_install() chose

    def _php(self, source, **values):
        script = self.tmp / "step.php"
        script.write_text(source.format(root=self.root, **values))
        done = subprocess.run(["php", str(script)], capture_output=True, text=True)
        script.unlink()
        if done.returncode:
            raise RuntimeError(f"WordPress set-up failed: {done.stdout}{done.stderr}")
        return done.stdout

    @staticmethod
    def _no_languages(folder, names):
        return ["languages"] if folder.endswith("wp-content") else []

    def load(self, statements):
        mariadb(statements, self.database)

    def run_cron(self):
        """Run the jobs due now (update checks and such, scheduled by the first page
        load), so that no request spawns wp-cron while it is being measured."""
        subprocess.run(
            ["php", str(self.root / "wp-cron.php")], capture_output=True, check=True
        )
        due = self._php(DUE_PHP, host=f"127.0.0.1:{self.port}").strip()
        if due != "0":
            raise RuntimeError(f"wp-cron left {due} jobs due")

    def serve(self, cache=False):
        """Start php-fpm and nginx (after stop(), again with or without the cache)."""
        user = "user = www-data\ngroup = www-data\n" if self.as_root else ""
        fpm_conf = self.tmp / "php-fpm.conf"
        fpm_conf.write_text(
            FPM_CONF.format(tmp=self.tmp, user=user, children=self.children)
        )
        fpm = subprocess.Popen(
            [php_fpm(), "--nodaemonize", "--fpm-config", str(fpm_conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(fpm)
        nginx_conf = self.tmp / "nginx.conf"
        nginx_conf.write_text(
            NGINX_CONF.format(
                tmp=self.tmp, port=self.port,
                user="user www-data;" if self.as_root else "",
                cache_path=FASTCGI_CACHE_PATH.format(tmp=self.tmp) if cache else "",
                cache=FASTCGI_CACHE if cache else "",
            )
        )  # fmt: skip
        self.processes.append(
            subprocess.Popen(
                [NGINX, "-e", str(self.tmp / "nginx-error.log"), "-c", str(nginx_conf)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        for _ in range(100):  # php-fpm's socket, then nginx's port
            if (self.tmp / "php-fpm.sock").exists() or fpm.poll() is not None:
                break
            time.sleep(0.05)
        if fpm.poll() is not None:
            raise RuntimeError(f"php-fpm exited: {self._log('php-fpm.log')}")
        wait_for(self.port, self.processes[-1], "nginx")

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        shutil.rmtree(self.tmp / "cache", ignore_errors=True)

    def close(self, drop=True):
        self.stop()
        if drop:
            mariadb(f"DROP DATABASE IF EXISTS {self.database}")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _log(self, name):
        path = self.tmp / name
        return path.read_text()[-2000:] if path.exists() else "(no log)"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
