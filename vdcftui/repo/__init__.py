"""The configuration repository: peewee models, schema versions, migrations."""
