"""Sets Superset up for the platform; run by infra/lib/superset.sh with the venv's python and
Superset's environment (superset_config.py), after `superset db upgrade` and `superset init`.
Idempotent: every run leaves the same state.

1. The admin user (role Admin) with the password of its file under var/secrets/.
2. The assets of dashboards/ (Superset's YAML export format), imported with overwrite, the
   database's SQLAlchemy URI replaced by --trino-uri (the configured Trino, as the dashboard user).
3. The role `leader`: exactly the permissions to open dashboards (LEADER_PERMISSIONS), nothing on
   datasets, databases, SQL Lab or charts outside a dashboard; every dashboard of dashboards/ is
   published with that role (DASHBOARD_RBAC grants the role its charts' data).
4. The leader user (role leader only) with the password of its file.
"""
import argparse
import sys
import uuid
from pathlib import Path

import yaml

# What a leader may do: open the home page (with the own recent activity), the dashboard list and a dashboard (with its menu,
# theme and language pack), read the charts shown on it, use its native filters (their state is
# kept server-side; time ranges are evaluated by the API), see the own profile. Nothing on
# datasets, databases, SQL Lab, Explore, exports or writes. Names as `superset init` creates them.
LEADER_PERMISSIONS = [
    ("can_read", "Dashboard"),
    ("can_read", "Chart"),
    ("can_dashboard", "Superset"),
    ("can_log", "Superset"),
    ("can_language_pack", "Superset"),
    ("can_time_range", "Api"),
    ("can_read", "DashboardFilterStateRestApi"),
    ("can_write", "DashboardFilterStateRestApi"),
    ("can_read", "CurrentUserRestApi"),
    ("can_get", "MenuApi"),
    ("can_read", "Theme"),
    ("can_userinfo", "UserDBModelView"),
    ("menu_access", "Dashboards"),
    ("menu_access", "Home"),
    ("can_recent_activity", "Log"),  # the home page's list of the leader's own recent views
]
LEADER_ROLE = "leader"


def read_secret(path):
    value = Path(path).read_text(encoding="utf-8").strip()
    if not value:
        sys.exit(f"platform_setup: {path} is empty")
    return value


def read_assets(directory, trino_uri):
    """The bundle as ImportAssetsCommand takes it: path inside the bundle -> YAML text."""
    root = Path(directory)
    contents = {}
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if name.startswith("databases/"):
            config = yaml.safe_load(text)
            config["sqlalchemy_uri"] = trino_uri
            text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        contents[name] = text
    if "metadata.yaml" not in contents:
        sys.exit(f"platform_setup: {root}/metadata.yaml is missing (type: assets)")
    return contents


def ensure_user(security_manager, username, role, password, first_name, last_name):
    user = security_manager.find_user(username=username)
    if user is None:
        user = security_manager.add_user(
            username, first_name, last_name, f"{username}@platform.local", [role], password=password)
        if not user:
            sys.exit(f"platform_setup: could not create user {username}")
        print(f"created user {username} (role {role.name})")
    else:
        user.roles = [role]
        user.active = True
        security_manager.reset_password(user.id, password)
        print(f"user {username} (role {role.name}): password and role reset")
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", required=True, help="directory in Superset's export format")
    parser.add_argument("--trino-uri", required=True, help="SQLAlchemy URI of the Trino database")
    parser.add_argument("--admin", required=True)
    parser.add_argument("--admin-password-file", required=True)
    parser.add_argument("--leader", required=True)
    parser.add_argument("--leader-password-file", required=True)
    args = parser.parse_args()
    contents = read_assets(args.assets, args.trino_uri)

    from flask import g
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db, security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.models.dashboard import Dashboard

        admin = ensure_user(security_manager, args.admin, security_manager.find_role("Admin"),
                            read_secret(args.admin_password_file), "Platform", "Admin")
        db.session.commit()

        g.user = admin  # owner of what the import creates
        ImportAssetsCommand(contents).run()
        print(f"imported {len(contents) - 1} asset files from {args.assets}")

        leader_role = security_manager.add_role(LEADER_ROLE)
        permissions = []
        for permission, view in LEADER_PERMISSIONS:
            pvm = security_manager.find_permission_view_menu(permission, view)
            if pvm is None:
                sys.exit(f"platform_setup: Superset has no permission {permission} on {view} (superset init ran?)")
            permissions.append(pvm)
        leader_role.permissions = permissions
        ensure_user(security_manager, args.leader, leader_role,
                    read_secret(args.leader_password_file), "Leader", "Dashboards")

        uuids = [uuid.UUID(str(yaml.safe_load(text)["uuid"])) for name, text in contents.items() if name.startswith("dashboards/")]
        for dashboard_uuid in uuids:
            dashboard = db.session.query(Dashboard).filter_by(uuid=dashboard_uuid).one()
            dashboard.roles = [leader_role]
            dashboard.published = True
        db.session.commit()
        print(f"role {LEADER_ROLE}: {len(permissions)} permissions, {len(uuids)} dashboards")


if __name__ == "__main__":
    main()
