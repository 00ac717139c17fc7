import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * Path codes (services, LAs) are short upper-case identifiers; anything else is a 400 naming the
 * parameter, so a stray value never reaches SQL as a lookup that can only miss.
 */
@Injectable()
export class CodeParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string, private readonly what: string, private readonly pattern = /^[A-Z][A-Z0-9_]{1,15}$/) {}
  transform(value: string): string {
    if (!this.pattern.test(value)) throw new BadRequestException(`${this.name} must be ${this.what}`);
    return value;
  }
}
