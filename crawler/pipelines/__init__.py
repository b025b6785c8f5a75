"""Scrapy item pipelines: the only way crawled items reach the database (via kb/)."""
